package lyceum.metrics;

/** {@code n} samples of one problem of which {@code c} are correct: the input of pass@k. */
public record PassCounts(int n, int c) {

    public PassCounts {
        if (n < 0 || c < 0 || c > n) {
            throw new IllegalArgumentException("need 0 <= c <= n, got n=" + n + " c=" + c);
        }
    }
}
