package lyceum.metrics;

import java.util.List;

/**
 * Diversity of one problem's samples as plain functions of their texts. For several measures of the
 * same samples, {@link TextDiversity#of} tokenises once.
 */
public final class Diversity {

    private Diversity() {}

    /** Distinct-n (Li et al. 2016): unique n-grams / all n-grams over the texts; NaN when none. */
    public static double distinctN(List<String> texts, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        Corpus corpus = Corpus.of(texts);
        return corpus.distinctN(corpus.allDocuments(), n);
    }

    /** Unique / all normalised equations ({@link Equations}) over the texts; NaN when none. */
    public static double distinctEquations(List<String> texts) {
        Corpus corpus = Corpus.of(texts);
        int[] counts = corpus.equationCounts(corpus.allDocuments());
        return counts[1] == 0 ? Double.NaN : (double) counts[0] / counts[1];
    }

    /**
     * 1 - mean pairwise cosine similarity of the texts' TF-IDF vectors of word 1- and 2-grams, in [0, 1];
     * texts without tokens are left out; NaN when fewer than two remain. The mean over all pairs is
     * computed exactly in time linear in the texts (see {@code Corpus#semanticDiversity}), so no sketch
     * or subset is needed however many samples a problem has.
     */
    public static double semantic(List<String> texts) {
        Corpus corpus = Corpus.of(texts);
        return corpus.semanticDiversity(corpus.allDocuments());
    }
}
