package lyceum.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The samples of one problem, tokenised once into ids local to the problem (so an n-gram of up to four
 * ids usually packs into one long) and scanned for equations once; the diversity of any subset of them
 * is then computed from these without tokenising again.
 */
final class Corpus {

    private final int[][] tokenIds;
    private final int vocabularySize;
    private final List<List<String>> equations;
    /**
     * Per n (index n - 1) and document, its n-gram keys sorted, made on first use: the diversity of
     * every subset is counted from these, so a document's n-grams are sorted once, not once per subset.
     */
    private final long[][][] sortedNgrams = new long[4][][];
    /** Per document, its distinct TF-IDF terms (sorted keys) and their counts, made on first use. */
    private long[][] terms;

    private int[][] termCounts;
    /** Per document, the position of each of its terms among the corpus's distinct terms (sorted). */
    private int[][] termIndex;

    private int termVocabularySize;

    private Corpus(int[][] tokenIds, int vocabularySize, List<List<String>> equations) {
        this.tokenIds = tokenIds;
        this.vocabularySize = vocabularySize;
        this.equations = equations;
    }

    static Corpus of(List<String> texts) {
        Map<String, Integer> vocabulary = new HashMap<>();
        int[][] ids = new int[texts.size()][];
        List<List<String>> equations = new ArrayList<>(texts.size());
        for (int d = 0; d < texts.size(); d++) {
            List<String> words = Tokens.words(texts.get(d));
            int[] doc = new int[words.size()];
            for (int i = 0; i < doc.length; i++) {
                doc[i] = vocabulary.computeIfAbsent(words.get(i), w -> vocabulary.size());
            }
            ids[d] = doc;
            equations.add(Equations.normalised(texts.get(d)));
        }
        return new Corpus(ids, vocabulary.size(), equations);
    }

    int size() {
        return tokenIds.length;
    }

    int[] allDocuments() {
        int[] all = new int[tokenIds.length];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** Distinct-n over the given documents: unique n-grams / all n-grams; NaN when there is none. */
    double distinctN(int[] docs, int n) {
        int total = 0;
        for (int d : docs) {
            total += Math.max(0, tokenIds[d].length - n + 1);
        }
        if (total == 0) {
            return Double.NaN;
        }
        int bitsPerId = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, vocabularySize - 1)));
        if (bitsPerId * n > 63) {
            return distinctNSpelled(docs, n, total);
        }
        long[][] perDoc = sortedNgrams(n, bitsPerId);
        long[][] runs = new long[docs.length][];
        for (int i = 0; i < docs.length; i++) {
            runs[i] = perDoc[docs[i]];
        }
        return (double) countDistinctSorted(merged(runs, 0, runs.length)) / total;
    }

    private long[][] sortedNgrams(int n, int bitsPerId) {
        if (sortedNgrams[n - 1] == null) {
            long[][] perDoc = new long[tokenIds.length][];
            for (int d = 0; d < tokenIds.length; d++) {
                int[] doc = tokenIds[d];
                long[] keys = new long[Math.max(0, doc.length - n + 1)];
                for (int start = 0; start < keys.length; start++) {
                    long key = 0;
                    for (int i = 0; i < n; i++) {
                        key = (key << bitsPerId) | doc[start + i];
                    }
                    keys[start] = key;
                }
                Arrays.sort(keys);
                perDoc[d] = keys;
            }
            sortedNgrams[n - 1] = perDoc;
        }
        return sortedNgrams[n - 1];
    }

    /** The sorted runs {@code from} (inclusive) to {@code to} (exclusive) merged into one sorted array. */
    private static long[] merged(long[][] runs, int from, int to) {
        if (to - from == 1) {
            return runs[from];
        }
        int middle = (from + to) >>> 1;
        long[] a = merged(runs, from, middle);
        long[] b = merged(runs, middle, to);
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        System.arraycopy(a, i, out, k, a.length - i);
        System.arraycopy(b, j, out, k + a.length - i, b.length - j);
        return out;
    }

    /** For vocabularies too large to pack n ids into a long. */
    private double distinctNSpelled(int[] docs, int n, int total) {
        Set<String> unique = new HashSet<>();
        for (int d : docs) {
            int[] doc = tokenIds[d];
            for (int start = 0; start + n <= doc.length; start++) {
                unique.add(Arrays.toString(Arrays.copyOfRange(doc, start, start + n)));
            }
        }
        return (double) unique.size() / total;
    }

    private static int countDistinctSorted(long[] sorted) {
        int distinct = sorted.length == 0 ? 0 : 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    /** {unique, total} normalised equations over the given documents. */
    int[] equationCounts(int[] docs) {
        Set<String> unique = new HashSet<>();
        int total = 0;
        for (int d : docs) {
            unique.addAll(equations.get(d));
            total += equations.get(d).size();
        }
        return new int[] {unique.size(), total};
    }

    /**
     * 1 - mean pairwise cosine similarity of TF-IDF vectors of word 1- and 2-grams, over the given
     * documents that have at least one token; NaN when fewer than two have.
     *
     * <p>The documents are the collection for IDF, smoothed as idf(t) = ln((1 + m) / (1 + df(t))) + 1 so
     * that a term in every document still has weight and identical texts get identical, non-zero vectors.
     * With unit vectors u_i, the mean over the m(m-1)/2 pairs is exact in linear time:
     * sum_{i<j} u_i.u_j = (|sum_i u_i|^2 - m) / 2, so no pair is enumerated and no subset is drawn.
     */
    double semanticDiversity(int[] docs) {
        countTerms();
        int m = 0;
        for (int d : docs) {
            if (tokenIds[d].length > 0) {
                m++;
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        // document frequency: how many of these documents hold each term of the corpus
        int[] documentFrequency = new int[termVocabularySize];
        for (int d : docs) {
            for (int term : termIndex[d]) {
                documentFrequency[term]++;
            }
        }
        // indexed by the corpus's sorted term keys, so the sums run in the same order as over the
        // subset's own terms (the other terms add exact zeros)
        double[] sumOfUnitVectors = new double[termVocabularySize];
        for (int d : docs) {
            if (tokenIds[d].length == 0) {
                continue;
            }
            int[] index = termIndex[d];
            int[] counts = termCounts[d];
            double[] weights = new double[index.length];
            double squaredNorm = 0;
            for (int i = 0; i < index.length; i++) {
                double idf = Math.log((1.0 + m) / (1.0 + documentFrequency[index[i]])) + 1.0;
                weights[i] = counts[i] * idf;
                squaredNorm += weights[i] * weights[i];
            }
            double norm = Math.sqrt(squaredNorm);
            for (int i = 0; i < index.length; i++) {
                sumOfUnitVectors[index[i]] += weights[i] / norm;
            }
        }
        double squaredSum = 0;
        for (double x : sumOfUnitVectors) {
            squaredSum += x * x;
        }
        double meanCosine = (squaredSum - m) / ((double) m * (m - 1));
        return Math.min(1.0, Math.max(0.0, 1.0 - meanCosine));
    }

    /** Each document's distinct terms (word 1- and 2-grams, as sorted keys) and their counts, once. */
    private void countTerms() {
        if (terms != null) {
            return;
        }
        terms = new long[tokenIds.length][];
        termCounts = new int[tokenIds.length][];
        for (int d = 0; d < tokenIds.length; d++) {
            int[] doc = tokenIds[d];
            if (doc.length == 0) {
                terms[d] = new long[0];
                termCounts[d] = new int[0];
                continue;
            }
            long[] keys = new long[2 * doc.length - 1];
            for (int i = 0; i < doc.length; i++) {
                keys[i] = doc[i];
                if (i + 1 < doc.length) {
                    // bigram keys sit above 2^32, clear of the unigram keys
                    keys[doc.length + i] = ((long) doc[i] + 1) << 32 | doc[i + 1];
                }
            }
            Arrays.sort(keys);
            int distinct = countDistinctSorted(keys);
            long[] docTerms = new long[distinct];
            int[] counts = new int[distinct];
            int t = -1;
            for (int i = 0; i < keys.length; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    docTerms[++t] = keys[i];
                }
                counts[t]++;
            }
            terms[d] = docTerms;
            termCounts[d] = counts;
        }
        // the corpus's terms, sorted, and each document's terms as positions among them
        int occurrences = 0;
        for (long[] docTerms : terms) {
            occurrences += docTerms.length;
        }
        long[] pooled = new long[occurrences];
        int next = 0;
        for (long[] docTerms : terms) {
            System.arraycopy(docTerms, 0, pooled, next, docTerms.length);
            next += docTerms.length;
        }
        Arrays.sort(pooled);
        long[] vocabulary = new long[countDistinctSorted(pooled)];
        int v = -1;
        for (int i = 0; i < pooled.length; i++) {
            if (i == 0 || pooled[i] != pooled[i - 1]) {
                vocabulary[++v] = pooled[i];
            }
        }
        termVocabularySize = vocabulary.length;
        termIndex = new int[terms.length][];
        for (int d = 0; d < terms.length; d++) {
            int[] index = new int[terms[d].length];
            for (int i = 0; i < index.length; i++) {
                index[i] = Arrays.binarySearch(vocabulary, terms[d][i]);
            }
            termIndex[d] = index;
        }
    }
}
