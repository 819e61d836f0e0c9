package lyceum.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one problem, tokenised once into ids local to the problem and scanned for equations
 * once; the diversity of any subset of them is then computed from these without tokenising again.
 *
 * <p>N-grams get ids too, each from its first n - 1 tokens' id and its last token, so an n-gram of any
 * length is one lookup: distinct n-grams and equations are counted once for the whole corpus, each with
 * the set of documents holding it ({@link DocumentSets}), and a subset's distinct count is the number of
 * those sets that meet the subset, with no sorting or merging per subset. The TF-IDF terms are the
 * unigrams and bigrams.
 */
final class Corpus {

    private final int[][] tokenIds;
    private final int vocabularySize;
    /** Per document, the ids (local to the corpus) of its normalised equations, repeats included. */
    private final int[][] equationIds;

    private final DocumentSets equations;
    /**
     * Per n (index n - 1), made on first use: per document, the id of the n-gram starting at each
     * position (unigram ids are the token ids).
     */
    private final int[][][] ngramIds = new int[4][][];
    /** Per n, the keys of the n-gram ids: (id of the first n - 1 tokens) << 32 | last token id. */
    private final long[][] ngramKeys = new long[4][];

    private final DocumentSets[] ngrams = new DocumentSets[4];
    /**
     * The TF-IDF terms, made on first use: term t (in key order) is held by the documents {@code
     * postingDocs[termStarts[t] .. termStarts[t + 1]]}, in document order, {@code postingCounts} times.
     */
    private int[] termStarts;

    private int[] postingDocs;
    private int[] postingCounts;
    /** Each posting's TF-IDF weight in the subset being measured, rewritten for each subset. */
    private double[] weights;

    private Corpus(int[][] tokenIds, int vocabularySize, int[][] equationIds, DocumentSets equations) {
        this.tokenIds = tokenIds;
        this.vocabularySize = vocabularySize;
        this.equationIds = equationIds;
        this.equations = equations;
    }

    static Corpus of(List<String> texts) {
        Vocabulary vocabulary = new Vocabulary();
        Map<String, Integer> equationVocabulary = new HashMap<>();
        Map<String, String> equationsByMatch = new HashMap<>();
        int[][] ids = new int[texts.size()][];
        int[][] equationIds = new int[texts.size()][];
        DocumentSets equations = new DocumentSets(texts.size(), 8);
        for (int d = 0; d < texts.size(); d++) {
            ids[d] = vocabulary.ids(texts.get(d));
            List<String> found = Equations.normalised(texts.get(d), equationsByMatch);
            int[] docEquations = new int[found.size()];
            for (int i = 0; i < docEquations.length; i++) {
                Integer id = equationVocabulary.get(found.get(i));
                if (id == null) {
                    id = equationVocabulary.size();
                    equationVocabulary.put(found.get(i), id);
                }
                docEquations[i] = id;
                equations.add(id, d);
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
        if (ngrams[n - 1] == null) {
            int[][] ids = ngramIds(n);
            DocumentSets sets = new DocumentSets(tokenIds.length, n == 1 ? vocabularySize : ngramKeys[n - 1].length);
            for (int d = 0; d < ids.length; d++) {
                for (int id : ids[d]) {
                    sets.add(id, d);
                }
            }
            ngrams[n - 1] = sets;
        }
        return (double) ngrams[n - 1].distinctIn(docs) / total;
    }

    /** The n-gram ids of every document, position by position (see {@link #ngramIds}). */
    private int[][] ngramIds(int n) {
        if (n == 1) {
            return tokenIds;
        }
        if (ngramIds[n - 1] == null) {
            int[][] shorter = ngramIds(n - 1);
            int all = 0;
            for (int[] doc : tokenIds) {
                all += Math.max(0, doc.length - n + 1);
            }
            // most of a problem's n-grams repeat in its other samples: the table grows when they do not
            LongIds keys = new LongIds(all / 4);
            int[][] ids = new int[tokenIds.length][];
            for (int d = 0; d < tokenIds.length; d++) {
                int[] doc = tokenIds[d];
                int[] prefixes = shorter[d];
                int[] grams = new int[Math.max(0, doc.length - n + 1)];
                for (int i = 0; i < grams.length; i++) {
                    grams[i] = keys.idOf((long) prefixes[i] << 32 | doc[i + n - 1]);
                }
                ids[d] = grams;
            }
            ngramIds[n - 1] = ids;
            ngramKeys[n - 1] = keys.keys();
        }
        return ngramIds[n - 1];
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
     *
     * <p>The terms are visited in the order of their sorted keys, and each term's documents in document
     * order: every sum (a document's squared norm, a term's sum of unit vector entries, their squares) is
     * formed in that one order, whatever the subset.
     */
    double semanticDiversity(int[] docs) {
        countTerms();
        boolean[] in = new boolean[tokenIds.length];
        int m = 0;
        for (int d : docs) {
            in[d] = true;
            if (tokenIds[d].length > 0) {
                m++;
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        // idf depends on the term only through its document frequency, at most m + 1 values
        double[] idfByFrequency = new double[docs.length + 1];
        for (int df = 0; df < idfByFrequency.length; df++) {
            idfByFrequency[df] = Math.log((1.0 + m) / (1.0 + df)) + 1.0;
        }
        double[] squaredNorms = new double[tokenIds.length];
        for (int t = 0; t + 1 < termStarts.length; t++) {
            int documentFrequency = 0;
            for (int p = termStarts[t]; p < termStarts[t + 1]; p++) {
                if (in[postingDocs[p]]) {
                    documentFrequency++;
                }
            }
            if (documentFrequency == 0) {
                continue;
            }
            double idf = idfByFrequency[documentFrequency];
            for (int p = termStarts[t]; p < termStarts[t + 1]; p++) {
                int d = postingDocs[p];
                if (in[d]) {
                    double w = postingCounts[p] * idf;
                    weights[p] = w;
                    squaredNorms[d] += w * w;
                }
            }
        }
        double[] norms = new double[tokenIds.length];
        for (int d : docs) {
            norms[d] = Math.sqrt(squaredNorms[d]);
        }
        double squaredSum = 0;
        for (int t = 0; t + 1 < termStarts.length; t++) {
            double sumOfUnitVectors = 0;
            for (int p = termStarts[t]; p < termStarts[t + 1]; p++) {
                int d = postingDocs[p];
                if (in[d]) {
                    sumOfUnitVectors += weights[p] / norms[d];
                }
            }
            squaredSum += sumOfUnitVectors * sumOfUnitVectors;
        }
        double meanCosine = (squaredSum - m) / ((double) m * (m - 1));
        return Math.min(1.0, Math.max(0.0, 1.0 - meanCosine));
    }

    /**
     * The TF-IDF terms (word 1- and 2-grams) of the corpus, once: for each term in the order of its key
     * (unigrams by token id, then bigrams by their two token ids), the documents holding it in document
     * order with its count in each.
     */
    private void countTerms() {
        if (termStarts != null) {
            return;
        }
        int[][] bigrams = ngramIds(2);
        // a term's place in key order: a unigram's is its token id, a bigram's follows every unigram
        long[] bigramKeys = ngramKeys[1];
        long[] sorted = bigramKeys.clone();
        Arrays.sort(sorted);
        int[] bigramRank = new int[bigramKeys.length];
        for (int b = 0; b < bigramKeys.length; b++) {
            bigramRank[b] = vocabularySize + Arrays.binarySearch(sorted, bigramKeys[b]);
        }
        int termCount = vocabularySize + bigramKeys.length;
        int occurrences = 0;
        for (int[] doc : tokenIds) {
            occurrences += Math.max(0, 2 * doc.length - 1);
        }
        // (term, count) of each document's distinct terms, documents in order
        int[] pairTerms = new int[occurrences];
        int[] pairCounts = new int[occurrences];
        int[] pairDocs = new int[occurrences];
        int pairs = 0;
        // per term: the last document holding it, plus one, and that document's pair of it
        int[] lastDocument = new int[termCount];
        int[] pairOfTerm = new int[termCount];
        for (int d = 0; d < tokenIds.length; d++) {
            int[] doc = tokenIds[d];
            int[] docBigrams = bigrams[d];
            for (int i = 0; i < doc.length; i++) {
                for (int gram = 1; gram <= 2 && i + gram <= doc.length; gram++) {
                    int term = gram == 1 ? doc[i] : bigramRank[docBigrams[i]];
                    if (lastDocument[term] != d + 1) {
                        lastDocument[term] = d + 1;
                        pairOfTerm[term] = pairs;
                        pairDocs[pairs] = d;
                        pairTerms[pairs++] = term;
                    }
                    pairCounts[pairOfTerm[term]]++;
                }
            }
        }
        // the pairs grouped by term in key order, each group in document order (pairs come in it)
        termStarts = new int[termCount + 1];
        for (int p = 0; p < pairs; p++) {
            termStarts[pairTerms[p] + 1]++;
        }
        for (int t = 0; t < termCount; t++) {
            termStarts[t + 1] += termStarts[t];
        }
        int[] next = Arrays.copyOf(termStarts, termCount);
        postingDocs = new int[pairs];
        postingCounts = new int[pairs];
        weights = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            int q = next[pairTerms[p]]++;
            postingDocs[q] = pairDocs[p];
            postingCounts[q] = pairCounts[p];
        }
    }
}
