package lyceum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestTimeRefinementTest {

    @Test
    void accuracyAfterRefineAndTheCriticRatesPerSplit() {
        List<RefinementOutcome> outcomes = List.of(
                // held-out: 2 right and 3 wrong greedy answers
                new RefinementOutcome("held-out", "a", true, false, true),
                new RefinementOutcome("held-out", "b", true, true, false), // a right answer broken by refining
                new RefinementOutcome("held-out", "c", false, true, true), // repaired
                new RefinementOutcome("held-out", "d", false, true, false),
                new RefinementOutcome("held-out", "e", false, false, false), // missed by the critic
                new RefinementOutcome("held-in", "f", true, false, true));

        var bySplit = TestTimeRefinement.bySplit(outcomes);

        assertThat(bySplit).containsOnlyKeys("held-in", "held-out");
        TestTimeRefinement out = bySplit.get("held-out");
        assertThat(out.problems()).isEqualTo(5);
        assertThat(out.greedyAccuracy()).isCloseTo(2.0 / 5, within(1e-12));
        assertThat(out.accuracyAfterRefine()).isCloseTo(2.0 / 5, within(1e-12));
        assertThat(out.flagged()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(out.flaggedGivenWrong()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(out.flaggedGivenRight()).isCloseTo(1.0 / 2, within(1e-12));
        assertThat(out.rightAfterGivenWrongBefore()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(out.rightAfterGivenRightBefore()).isCloseTo(1.0 / 2, within(1e-12));
        TestTimeRefinement in = bySplit.get("held-in");
        assertThat(in.accuracyAfterRefine()).isEqualTo(1.0);
        assertThat(in.rightAfterGivenWrongBefore()).as("no wrong greedy answer").isNull();
        assertThat(in.flaggedGivenWrong()).isNull();
    }

    @Test
    void noOutcomeGivesNoSplit() {
        assertThat(TestTimeRefinement.bySplit(List.of())).isEmpty();
    }
}
