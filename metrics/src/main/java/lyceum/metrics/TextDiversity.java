package lyceum.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The diversity of one problem's samples (or of a subset of them), in the three senses of Wu et al.
 * 2024: syntactic (Distinct-n), logical (distinct equations) and semantic (TF-IDF cosine). Figures that
 * are undefined for these samples (no n-gram, fewer than two non-empty samples) are NaN here; the
 * aggregate over problems leaves them out.
 *
 * @param samples number of samples
 * @param distinct1 unique unigrams / all unigrams, pooled over the samples (likewise 2, 3, 4)
 * @param uniqueEquations distinct normalised equations over the samples
 * @param totalEquations equations over the samples, repeats included
 * @param semanticDiversity 1 - mean pairwise cosine similarity, in [0, 1]
 */
public record TextDiversity(
        int samples,
        double distinct1,
        double distinct2,
        double distinct3,
        double distinct4,
        int uniqueEquations,
        int totalEquations,
        double semanticDiversity) {

    public static final TextDiversity NONE =
            new TextDiversity(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN);

    public static TextDiversity of(List<String> texts) {
        Corpus corpus = Corpus.of(texts);
        return of(corpus, corpus.allDocuments());
    }

    /**
     * The diversity of each {@link SampleSubset} of one problem's samples, flagged correct and accepted
     * by the caller; the texts are tokenised once for all subsets.
     */
    public static Map<SampleSubset, TextDiversity> bySubset(List<SampleSummary> samples) {
        Corpus corpus = Corpus.of(samples.stream().map(SampleSummary::text).toList());
        SampleSubset[] subsets = SampleSubset.values();
        int[][] docs = new int[subsets.length][];
        for (SampleSubset subset : subsets) {
            int[] in = new int[samples.size()];
            int size = 0;
            for (int i = 0; i < samples.size(); i++) {
                if (subset.test(samples.get(i))) {
                    in[size++] = i;
                }
            }
            docs[subset.ordinal()] = Arrays.copyOf(in, size);
        }
        // one pass over the TF-IDF postings for every subset: most of the cost of a problem's diversity
        double[] semantic = corpus.semanticDiversity(docs);
        EnumMap<SampleSubset, TextDiversity> diversity = new EnumMap<>(SampleSubset.class);
        for (SampleSubset subset : subsets) {
            diversity.put(subset, of(corpus, docs[subset.ordinal()], semantic[subset.ordinal()]));
        }
        return diversity;
    }

    static TextDiversity of(Corpus corpus, int[] docs) {
        return of(corpus, docs, corpus.semanticDiversity(docs));
    }

    private static TextDiversity of(Corpus corpus, int[] docs, double semanticDiversity) {
        if (docs.length == 0) {
            return NONE;
        }
        int[] equations = corpus.equationCounts(docs);
        return new TextDiversity(
                docs.length,
                corpus.distinctN(docs, 1),
                corpus.distinctN(docs, 2),
                corpus.distinctN(docs, 3),
                corpus.distinctN(docs, 4),
                equations[0],
                equations[1],
                semanticDiversity);
    }

    /** Distinct-n for n in 1..4. */
    public double distinct(int n) {
        return switch (n) {
            case 1 -> distinct1;
            case 2 -> distinct2;
            case 3 -> distinct3;
            case 4 -> distinct4;
            default -> throw new IllegalArgumentException("Distinct-n is kept for n = 1..4, got " + n);
        };
    }

    /** Distinct equations: unique / all normalised equations; NaN when the samples hold none. */
    public double equationDiversity() {
        return totalEquations == 0 ? Double.NaN : (double) uniqueEquations / totalEquations;
    }
}
