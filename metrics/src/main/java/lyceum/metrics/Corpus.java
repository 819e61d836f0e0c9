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
        return semanticDiversity(new int[][] {docs})[0];
    }

    /**
     * {@link #semanticDiversity(int[])} of each subset (at most 32), in two passes over the postings for
     * all of them: each subset's sums are formed in the order it would form them alone, so each result is
     * that of its subset alone to the last bit.
     */
    double[] semanticDiversity(int[][] subsets) {
        int count = subsets.length;
        if (count > Integer.SIZE) {
            throw new IllegalArgumentException(count + " subsets; at most " + Integer.SIZE + " at once");
        }
        int[] membership = new int[tokenIds.length]; // bit s: the document is in subset s
        int[] m = new int[count];
        double[][] idfByFrequency = new double[count][];
        int measured = 0; // bit s: subset s has two documents with tokens
        for (int s = 0; s < count; s++) {
            for (int d : subsets[s]) {
                membership[d] |= 1 << s;
                if (tokenIds[d].length > 0) {
                    m[s]++;
                }
            }
            if (m[s] >= 2) {
                measured |= 1 << s;
                // idf depends on the term only through its document frequency, at most m + 1 values
                idfByFrequency[s] = new double[subsets[s].length + 1];
                for (int df = 0; df < idfByFrequency[s].length; df++) {
                    idfByFrequency[s][df] = Math.log((1.0 + m[s]) / (1.0 + df)) + 1.0;
                }
            }
        }
        double[] diversity = new double[count];
        if (measured == 0) {
            // no subset has two documents with tokens: nothing to measure, and no terms to count
            Arrays.fill(diversity, Double.NaN);
            return diversity;
        }
        countTerms();
        for (int d = 0; d < membership.length; d++) {
            membership[d] &= measured;
        }
        double[][] weights = new double[count][];
        double[][] squaredNorms = new double[count][];
        for (int s = 0; s < count; s++) {
            if ((measured & 1 << s) != 0) {
                weights[s] = new double[postingDocs.length];
                squaredNorms[s] = new double[tokenIds.length];
            }
        }
        int[] documentFrequency = new int[count];
        double[] idf = new double[count];
        for (int t = 0; t + 1 < termStarts.length; t++) {
            Arrays.fill(documentFrequency, 0);
            for (int p = termStarts[t]; p < termStarts[t + 1]; p++) {
                for (int bits = membership[postingDocs[p]]; bits != 0; bits &= bits - 1) {
                    documentFrequency[Integer.numberOfTrailingZeros(bits)]++;
                }
            }
            for (int s = 0; s < count; s++) {
                idf[s] = documentFrequency[s] == 0 ? 0 : idfByFrequency[s][documentFrequency[s]];
            }
            for (int p = termStarts[t]; p < termStarts[t + 1]; p++) {
                int d = postingDocs[p];
                for (int bits = membership[d]; bits != 0; bits &= bits - 1) {
                    int s = Integer.numberOfTrailingZeros(bits);
                    double w = postingCounts[p] * idf[s];
                    weights[s][p] = w;
                    squaredNorms[s][d] += w * w;
                }
            }
        }
        double[][] norms = new double[count][];
        for (int s = 0; s < count; s++) {
            if ((measured & 1 << s) != 0) {
                norms[s] = new double[tokenIds.length];
                for (int d : subsets[s]) {
                    norms[s][d] = Math.sqrt(squaredNorms[s][d]);
                }
            }
        }
        double[] squaredSum = new double[count];
        double[] sumOfUnitVectors = new double[count];
        for (int t = 0; t + 1 < termStarts.length; t++) {
            Arrays.fill(sumOfUnitVectors, 0);
            for (int p = termStarts[t]; p < termStarts[t + 1]; p++) {
                int d = postingDocs[p];
                for (int bits = membership[d]; bits != 0; bits &= bits - 1) {
                    int s = Integer.numberOfTrailingZeros(bits);
                    sumOfUnitVectors[s] += weights[s][p] / norms[s][d];
                }
            }
            for (int s = 0; s < count; s++) {
                squaredSum[s] += sumOfUnitVectors[s] * sumOfUnitVectors[s];
            }
        }
        for (int s = 0; s < count; s++) {
            if ((measured & 1 << s) == 0) {
                diversity[s] = Double.NaN;
            } else {
                double meanCosine = (squaredSum[s] - m[s]) / ((double) m[s] * (m[s] - 1));
                diversity[s] = Math.min(1.0, Math.max(0.0, 1.0 - meanCosine));
            }
        }
        return diversity;
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
        for (int p = 0; p < pairs; p++) {
            int q = next[pairTerms[p]]++;
            postingDocs[q] = pairDocs[p];
            postingCounts[q] = pairCounts[p];
        }
    }
}
