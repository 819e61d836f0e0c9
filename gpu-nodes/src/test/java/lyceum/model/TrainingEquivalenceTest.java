package lyceum.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lyceum.engine.TrainingExample;
import org.junit.jupiter.api.Test;

/** The optimised training path against the plain one on fixed seeds: same logits, losses and weights. */
class TrainingEquivalenceTest {
    /** Long enough that sequences span several query blocks of {@link #BLOCK}, the last one partial. */
    private static final ModelConfig CONFIG =
            new ModelConfig(CharTokenizer.standard().size(), 256, 48, 2, 2, 96, PositionEncoding.ROTARY);

    private static final int BLOCK = 24;

    @Test
    void blockedCausalAttentionGivesTheLogitsOfWholeSequenceAttention() {
        for (PositionEncoding positions : PositionEncoding.values()) {
            ModelConfig config = new ModelConfig(
                    CONFIG.vocabSize(),
                    CONFIG.contextLength(),
                    CONFIG.modelDim(),
                    CONFIG.heads(),
                    CONFIG.layers(),
                    CONFIG.mlpDim(),
                    positions);
            try (LanguageModel model = LanguageModel.initialize(config, DjlRuntime.defaultDevice(), 5);
                    NDManager step = model.manager().newSubManager()) {
                Random random = new Random(5);
                long[] tokens = new long[3 * 110];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = random.nextInt(config.vocabSize());
                }
                NDArray input = step.create(tokens, new Shape(3, 110));
                float[] whole = model.network().causalLogits(input, 0).toFloatArray();
                float[] blocked = model.network().causalLogits(input, BLOCK).toFloatArray();
                assertThat(blocked).hasSameSizeAs(whole);
                assertThat(maxDifference(whole, blocked)).as(positions.name()).isLessThan(1e-4f);
                // The logits are not trivially equal: they vary with the position.
                assertThat(maxDifference(
                                java.util.Arrays.copyOfRange(whole, 0, 100),
                                java.util.Arrays.copyOfRange(whole, 100 * 50, 100 * 51)))
                        .isGreaterThan(1e-3f);
            }
        }
    }

    @Test
    void trainingWithBlockedAttentionFollowsTheWholeSequencePath() {
        assertFollowsReference(BLOCK, false);
    }

    @Test
    void projectingOnlyScoredPositionsFollowsTheMaskedLoss() {
        assertFollowsReference(0, true);
    }

    @Test
    void theDefaultTrainingPathFollowsThePlainOne() {
        assertFollowsReference(BLOCK, true);
    }

    /** Ten steps of the plain path (whole-sequence attention, all positions projected) against another. */
    private static void assertFollowsReference(int queryBlock, boolean scoredOnly) {
        List<TrainingExample> examples = ArithmeticProblems.generate(96, 3, 4);
        TrainingSettings settings =
                TrainingSettings.defaults().withBatchSize(8).withMaxSteps(10).withLogEverySteps(1000);
        Trained reference = train(examples, settings, 0, false);
        Trained blocked = train(examples, settings, queryBlock, scoredOnly);
        assertThat(reference.report().lastLoss()).isLessThan(reference.report().firstLoss() - 0.1);
        assertThat(blocked.report().firstLoss())
                .isCloseTo(reference.report().firstLoss(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(blocked.report().meanLoss())
                .isCloseTo(reference.report().meanLoss(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(blocked.report().lastLoss())
                .isCloseTo(reference.report().lastLoss(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(blocked.report().tokens()).isEqualTo(reference.report().tokens());
        // Projecting only the scored positions is counted as less arithmetic, not the same.
        if (scoredOnly) {
            assertThat(blocked.report().flops()).isLessThan(reference.report().flops());
        } else {
            assertThat(blocked.report().flops()).isEqualTo(reference.report().flops());
        }
        assertThat(blocked.weights()).hasSameSizeAs(reference.weights());
        for (int i = 0; i < reference.weights().size(); i++) {
            assertThat(maxDifference(
                            reference.weights().get(i), blocked.weights().get(i)))
                    .as("parameter " + i)
                    .isLessThan(1e-4f);
        }
    }

    private record Trained(TrainingReport report, List<float[]> weights) {}

    private static Trained train(
            List<TrainingExample> examples, TrainingSettings settings, int queryBlock, boolean scoredOnly) {
        try (LanguageModel model = LanguageModel.initialize(CONFIG, DjlRuntime.defaultDevice(), 9)) {
            TrainingReport report =
                    new ModelTraining(model, settings, queryBlock, scoredOnly).run(examples, 1, 3e-3, 9, line -> {});
            List<float[]> weights = new ArrayList<>();
            for (Pair<String, Parameter> parameter : model.network().getParameters()) {
                weights.add(parameter.getValue().getArray().toFloatArray());
            }
            return new Trained(report, weights);
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
