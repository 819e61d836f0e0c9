package lyceum.metrics;

/** The metric functions return NaN for "undefined"; the JSON records hold null instead. */
final class MetricValues {

    private MetricValues() {}

    static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
