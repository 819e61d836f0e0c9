package lyceum.metrics;

/**
 * The version of the metric formulas in this package. Every {@link IterationMetrics} carries it, so a
 * replay that recomputes metrics from the journal can tell which figures changed because the code did.
 * Changing any formula, default (bins, k values, tokenisation, equation normalisation) or aggregation
 * rule must change this value.
 */
public final class MetricsVersion {

    public static final String CURRENT = "lyceum-metrics/1.4.0";

    private MetricsVersion() {}
}
