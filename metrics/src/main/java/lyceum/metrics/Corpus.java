package lyceum.metrics;

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
 *
 * <p>Distinct n-grams and equations are counted once for the whole corpus, each with the set of documents
 * holding it ({@link DocumentSets}): a subset's distinct count is then the number of those sets that meet
 * the subset, with no sorting or merging per subset.
 */
final class Corpus {

    private final int[][] tokenIds;
    private final int vocabularySize;
    /** Per document, the ids (local to the corpus) of its normalised equations, repeats included. */
    private final int[][] equationIds;

    private final DocumentSets equations;
    /** Per n (index n - 1), its distinct n-grams with their documents, made on first use. */
    private final DocumentSets[] ngrams = new DocumentSets[4];
    /** Per document, its distinct TF-IDF terms (sorted keys) and their counts, made on first use. */
    private long[][] terms;

    private int[][] termCounts;
    /** Per document, the position of each of its terms among the corpus's distinct terms (sorted). */
    private int[][] termIndex;

    private int termVocabularySize;

    private Corpus(int[][] tokenIds, int vocabularySize, int[][] equationIds, DocumentSets equations) {
        this.tokenIds = tokenIds;
        this.vocabularySize = vocabularySize;
        this.equationIds = equationIds;
        this.equations = equations;
    }

    static Corpus of(List<String> texts) {
        Map<String, Integer> vocabulary = new HashMap<>();
        Map<String, Integer> equationVocabulary = new HashMap<>();
        int[][] ids = new int[texts.size()][];
        int[][] equationIds = new int[texts.size()][];
        DocumentSets equations = new DocumentSets(texts.size(), 8);
        for (int d = 0; d < texts.size(); d++) {
            List<String> words = Tokens.words(texts.get(d));
            int[] doc = new int[words.size()];
            for (int i = 0; i < doc.length; i++) {
                doc[i] = vocabulary.computeIfAbsent(words.get(i), w -> vocabulary.size());
            }
            ids[d] = doc;
            List<String> found = Equations.normalised(texts.get(d));
            int[] docEquations = new int[found.size()];
            for (int i = 0; i < docEquations.length; i++) {
                docEquations[i] = equationVocabulary.computeIfAbsent(found.get(i), e -> equationVocabulary.size());
                equations.add(docEquations[i], d);
            }
            equationIds[d] = docEquations;
        }
        return new Corpus(ids, vocabulary.size(), equationIds, equations);
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
        return (double) ngrams(n, bitsPerId).distinctIn(docs) / total;
    }

    private DocumentSets ngrams(int n, int bitsPerId) {
        if (ngrams[n - 1] == null) {
            int all = 0;
            for (int[] doc : tokenIds) {
                all += Math.max(0, doc.length - n + 1);
            }
            DocumentSets sets = new DocumentSets(tokenIds.length, all);
            for (int d = 0; d < tokenIds.length; d++) {
                int[] doc = tokenIds[d];
                for (int start = 0; start + n <= doc.length; start++) {
                    long key = 0;
                    for (int i = 0; i < n; i++) {
                        key = (key << bitsPerId) | doc[start + i];
                    }
                    sets.add(key, d);
                }
            }
            ngrams[n - 1] = sets;
        }
        return ngrams[n - 1];
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
        int total = 0;
        for (int d : docs) {
            total += equationIds[d].length;
        }
        return new int[] {equations.distinctIn(docs), total};
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
        // idf depends on the term only through its document frequency, at most m + 1 values
        double[] idfByFrequency = new double[docs.length + 1];
        for (int df = 0; df < idfByFrequency.length; df++) {
            idfByFrequency[df] = Math.log((1.0 + m) / (1.0 + df)) + 1.0;
        }
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
                weights[i] = counts[i] * idfByFrequency[documentFrequency[index[i]]];
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
