package lyceum.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import lyceum.events.ProblemEvent.RequestKind;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.events.RequestKey.EvaluationOf;
import org.junit.jupiter.api.Test;

class RequestKeyTest {

    private static final EvaluationOf EVAL = new EvaluationOf("exp-1", "p-7", 2, "held-out");

    @Test
    void everyKindReadsBackFromItsWireForm() {
        List<RequestKey> keys = List.of(
                new RequestKey.Sample(new SampleId("exp-1", "p-7", 2, 1, 3)),
                new RequestKey.Feedback("exp-1", "p-7", 2, 1, 0),
                new RequestKey.GreedyEvaluation(EVAL),
                new RequestKey.SampledEvaluation(EVAL, 4),
                new RequestKey.Critique(EVAL),
                new RequestKey.Refine(EVAL));
        for (RequestKey key : keys) {
            assertThat(RequestKey.parse(key.wire())).isEqualTo(key);
        }
    }

    @Test
    void theWireFormsAreTheOnesAlreadyJournaled() {
        assertThat(RequestKey.parse("exp-1~p-7~2~1~3"))
                .isEqualTo(new RequestKey.Sample(new SampleId("exp-1", "p-7", 2, 1, 3)));
        assertThat(RequestKey.parse("eval~exp-1~p-7~2~held-out~refine")).isEqualTo(new RequestKey.Refine(EVAL));
        assertThat(RequestKey.parse("feedback~exp-1~p-7~2~1~5"))
                .isEqualTo(new RequestKey.Feedback("exp-1", "p-7", 2, 1, 5));
    }

    @Test
    void underAConfiguredSeedTheSamePlaceInAnotherExperimentDrawsTheSameSeed() {
        EvaluationOf other = new EvaluationOf("exp-2", "p-7", 2, "held-out");
        assertThat(new RequestKey.SampledEvaluation(EVAL, 4).seed(7L))
                .isEqualTo(new RequestKey.SampledEvaluation(other, 4).seed(7L))
                .isNotEqualTo(new RequestKey.SampledEvaluation(other, 5).seed(7L))
                .isNotEqualTo(new RequestKey.SampledEvaluation(other, 4).seed(8L));
        assertThat(new RequestKey.Feedback("exp-1", "p-7", 2, 1, 0).seed(7L))
                .isEqualTo(new RequestKey.Feedback("exp-2", "p-7", 2, 1, 0).seed(7L))
                .isNotEqualTo(new RequestKey.Feedback("exp-2", "p-7", 2, 1, 1).seed(7L));
        // a feedback slot and an evaluation answer never share a seed through their numbers
        assertThat(new RequestKey.Feedback("exp-1", "p-7", 2, 1, 0).seed(7L))
                .isNotEqualTo(new RequestKey.SampledEvaluation(EVAL, 0).seed(7L));
        // without a seed (a command from an older node) the whole id counts, as before
        assertThat(new RequestKey.SampledEvaluation(EVAL, 4).seed(null))
                .isEqualTo(SampleId.seedOf("eval~exp-1~p-7~2~held-out~4"))
                .isNotEqualTo(new RequestKey.SampledEvaluation(other, 4).seed(null));
        // a sample's seed is SampleId's own
        SampleId id = new SampleId("exp-1", "p-7", 2, 1, 3);
        assertThat(new RequestKey.Sample(id).seed(7L)).isEqualTo(id.seed(7L));
    }

    @Test
    void aFailureNamesWhereTheRequestBelongs() {
        SampleFailed sample = new RequestKey.Sample(new SampleId("exp-1", "p-7", 2, 1, 3)).failure("boom", false, "m");
        assertThat(sample)
                .isEqualTo(new SampleFailed(
                        "exp-1", "p-7", 2, 1, 3, "exp-1~p-7~2~1~3", "boom", false, RequestKind.SAMPLE, null, "m"));
        SampleFailed greedy = new RequestKey.GreedyEvaluation(EVAL).failure("gone", true, "m");
        assertThat(greedy.index()).isEqualTo(-1);
        assertThat(greedy.evaluationSplit()).isEqualTo("held-out");
        assertThat(greedy.kind()).isEqualTo(RequestKind.GREEDY_EVALUATION);
        assertThat(new RequestKey.SampledEvaluation(EVAL, 4)
                        .failure("x", false, "m")
                        .index())
                .isEqualTo(4);
    }

    @Test
    void aMalformedIdIsAClearError() {
        assertThatThrownBy(() -> RequestKey.parse("eval~exp-1~p-7~two~held-out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eval~exp-1~p-7~two~held-out");
        assertThatThrownBy(() -> RequestKey.parse("nonsense")).hasMessageContaining("nonsense");
    }
}
