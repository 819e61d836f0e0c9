package lyceum.metrics;

import java.util.function.Predicate;

/** The sample subsets diversity is reported for (Wu et al. report correct and incorrect apart). */
public enum SampleSubset implements Predicate<SampleSummary> {
    ALL("all"),
    ACCEPTED("accepted"),
    CORRECT("correct"),
    INCORRECT("incorrect");

    private final String key;

    SampleSubset(String key) {
        this.key = key;
    }

    /** The JSON key of this subset. */
    public String key() {
        return key;
    }

    @Override
    public boolean test(SampleSummary s) {
        return switch (this) {
            case ALL -> true;
            case ACCEPTED -> s.accepted();
            case CORRECT -> s.correct();
            case INCORRECT -> !s.correct();
        };
    }
}
