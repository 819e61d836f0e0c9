package lyceum.projections.metrics;

/** How far an iteration had got when its metrics were stored. */
public enum MetricsStage {
    /** Sampling and acceptance are final; the new model is not evaluated yet. */
    SAMPLED,
    /** The new model is evaluated: every metric of the iteration is final. */
    COMPLETED
}
