package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/**
 * One quantity (response length or perplexity) of the accepted data against the original data, the
 * tail-narrowing view of Ding et al. 2024 (GSI). Null fields are undefined: a side without values.
 *
 * @param binEdges equal-width edges shared by both histograms ({@link Histogram#sharedEdges})
 * @param jsDivergence Jensen-Shannon divergence of the two histograms, bits, in [0, 1]
 * @param wasserstein1 exact Wasserstein-1 distance of the two samples, in the quantity's unit
 */
public record TailComparison(
        @JsonProperty("accepted_count") int acceptedCount,
        @JsonProperty("original_count") int originalCount,
        @JsonProperty("accepted") Quantiles accepted,
        @JsonProperty("original") Quantiles original,
        @JsonProperty("bin_edges") List<Double> binEdges,
        @JsonProperty("accepted_histogram") List<Long> acceptedHistogram,
        @JsonProperty("original_histogram") List<Long> originalHistogram,
        @JsonProperty("js_divergence") Double jsDivergence,
        @JsonProperty("wasserstein_1") Double wasserstein1) {

    /** Histograms default to this many bins. Part of {@link MetricsVersion}. */
    public static final int DEFAULT_BINS = 20;

    public static TailComparison of(double[] accepted, double[] original, int bins) {
        double[] edges = Histogram.sharedEdges(accepted, original, bins);
        long[] acceptedCounts = Histogram.counts(accepted, edges);
        long[] originalCounts = Histogram.counts(original, edges);
        return new TailComparison(
                accepted.length,
                original.length,
                Quantiles.of(accepted),
                Quantiles.of(original),
                Arrays.stream(edges).boxed().toList(),
                Arrays.stream(acceptedCounts).boxed().toList(),
                Arrays.stream(originalCounts).boxed().toList(),
                MetricValues.orNull(Distances.jensenShannon(acceptedCounts, originalCounts)),
                MetricValues.orNull(Distances.wasserstein1(accepted, original)));
    }
}
