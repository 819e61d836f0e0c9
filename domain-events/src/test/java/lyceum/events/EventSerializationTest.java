package lyceum.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lyceum.events.ExperimentEvent.Phase;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.StepVerdict;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every event round-trips through the serializer that serialization.conf binds. */
class EventSerializationTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create(
                "serialization",
                ConfigFactory.parseResources("lyceum/serialization.conf").withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static List<LyceumSerializable> examples() {
        String exp = "exp-1a2b3c4d";
        String sid = new SampleId(exp, "synth-7-3", 1, 0, 2).value();
        List<DecisionReason> reasons = List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "1 of 4"));
        return List.of(
                new ProblemEvent.ProblemRegistered(
                        exp,
                        "synth-7-3",
                        "Ann has 2 apples...",
                        "5",
                        "2 + 3 = 5\n#### 5",
                        1.0,
                        1,
                        "train",
                        "synthetic",
                        "synthetic:7",
                        4,
                        java.util.Map.of("decimalComma", true, "orderedLists", false)),
                new ProblemEvent.Sampled(
                        exp,
                        "synth-7-3",
                        sid,
                        1,
                        0,
                        2,
                        "vanilla",
                        null,
                        "m-abc",
                        "node-1",
                        0.7,
                        0.95,
                        128,
                        -42L,
                        "p-hash",
                        "2 + 3 = 5\n#### 5",
                        17,
                        -0.25,
                        false,
                        "5",
                        "grader/1",
                        true,
                        31L,
                        true),
                new ProblemEvent.Hinted(
                        exp,
                        "synth-7-3",
                        1,
                        1,
                        "hint-1",
                        HintKind.STATE_RESET_PREFIX,
                        "2 + 3 = 5",
                        "1 of 8 correct, below min_correct 4",
                        null,
                        null),
                new ProblemEvent.Hinted(
                        exp,
                        "synth-7-3",
                        1,
                        1,
                        "hint-1-1-0",
                        HintKind.CRITIQUE,
                        "Step 1: wrong - 2 + 3 = 6 should be 5\nVerdict: wrong",
                        "1 of 8 wrong: critique each",
                        sid,
                        "lyceum-step-checker/1"),
                new ProblemEvent.Resampled(exp, "synth-7-3", 1, 1, "1 of 8 correct", 6),
                new ProblemEvent.Corrected(
                        exp,
                        "synth-7-3",
                        1,
                        sid,
                        CorrectionKind.CRITIQUE,
                        "Step 1: correct.",
                        true,
                        List.of(new StepVerdict(1, true, "fine")),
                        Boolean.TRUE,
                        "critic-1",
                        sid + "-r0",
                        "2 + 3 = 5\n#### 5",
                        "5",
                        true,
                        false),
                new ProblemEvent.Accepted(
                        exp,
                        "synth-7-3",
                        sid,
                        1,
                        reasons,
                        "policy/1",
                        false,
                        "Ann has 2 apples...",
                        "2 + 3 = 5\n#### 5"),
                new ProblemEvent.Rejected(
                        exp,
                        "synth-7-3",
                        sid,
                        1,
                        List.of(new DecisionReason(DecisionRule.DUPLICATE, "duplicate of " + sid)),
                        "policy/1"),
                new ProblemEvent.Evaluated(
                        exp, "synth-7-3", 1, "held-out", "greedy", "m-abc", "#### 5", "5", "grader/1", true, 5, -0.1),
                new ProblemEvent.EvaluationSampled(
                        exp,
                        "synth-7-3",
                        "eval~" + exp + "~synth-7-3~1~held-out~3",
                        1,
                        "held-out",
                        3,
                        "m-abc",
                        "node-1",
                        0.7,
                        0.95,
                        128,
                        -7L,
                        "#### 5",
                        5,
                        -0.3,
                        false,
                        "5",
                        "grader/1",
                        true,
                        12L),
                new ProblemEvent.EvaluationRefined(
                        exp,
                        "synth-7-3",
                        "eval~" + exp + "~synth-7-3~1~held-out~refine",
                        1,
                        "held-out",
                        "m-abc",
                        false,
                        "lyceum-step-checker/1",
                        "Step 1: wrong - 2 + 3 = 6, but 2 + 3 is 5\nVerdict: wrong",
                        true,
                        List.of(new StepVerdict(1, false, "2 + 3 = 6, but 2 + 3 is 5")),
                        Boolean.FALSE,
                        true,
                        "Looking again:\n2 + 3 = 5\n#### 5",
                        "5",
                        "grader/1",
                        9,
                        Boolean.TRUE,
                        true),
                new ProblemEvent.SampleFailed(
                        exp,
                        "synth-7-3",
                        1,
                        0,
                        2,
                        sid,
                        "model 'm-abc' does not exist",
                        true,
                        ProblemEvent.RequestKind.SAMPLE,
                        null,
                        "m-abc"),
                new ProblemEvent.ReferenceScored(exp, "synth-7-3", 1, "m-abc", "p-hash", 17, -0.42, null),
                new ProblemEvent.ReferenceScored(
                        exp, "synth-7-3", 2, "m-def", "p-hash", 0, null, "the m-def engine did not score the text"),
                new ExperimentEvent.ExperimentStarted(exp, "demo", "{\"a\":1}", "h", "0.1.0", 1L),
                new ExperimentEvent.ExperimentStarted(exp, "demo", "{\"a\":1}", "h", "0.1.0", 1L, "dataset-hash"),
                new ExperimentEvent.ProblemsRegistered(exp, Map.of("train", 10, "test", 5)),
                new ExperimentEvent.IterationStarted(exp, 1, "m-abc"),
                new ExperimentEvent.PhaseProgressed(exp, 1, Phase.SAMPLING, 40, IterationCounts.sampled(320, 0)),
                new ExperimentEvent.SamplingFinished(exp, 1, IterationCounts.sampled(320, 2)),
                new ExperimentEvent.TrainingStarted(exp, 1, "/data/x.jsonl", "d-hash", 12, "m-abc"),
                new ExperimentEvent.ModelTrained(
                        exp, 1, "m-def", "/data/checkpoints/m-def", "node-1", Map.of("loss_last", 0.5)),
                new ExperimentEvent.TrainingSkipped(exp, 2, "m-def", "no sample was accepted"),
                new ExperimentEvent.Evaluated(
                        exp,
                        1,
                        "m-def",
                        Map.of("held-out", 0.5),
                        IterationCounts.evaluated("held-out", new IterationCounts.SplitCounts(0, 4, 2, 12, 1), 0)),
                new ExperimentEvent.IterationCompleted(exp, 1),
                new ExperimentEvent.ExperimentFinished(exp, "m-def"),
                new ExperimentEvent.ExperimentFailed(exp, "no gpu worker"),
                new ExperimentEvent.ExperimentCancelled(exp, "ada@lab", "stuck", 2L));
    }

    @TestFactory
    Stream<DynamicTest> everyEventRoundTripsThroughJacksonCbor() {
        SerializationTestKit serialization = new SerializationTestKit(testKit.system());
        return examples().stream()
                .map(event -> DynamicTest.dynamicTest(event.getClass().getSimpleName(), () -> {
                    var serializer = SerializationExtension.get(testKit.system().classicSystem())
                            .findSerializerFor(event);
                    assertThat(Serializers.manifestFor(serializer, event)).isNotEmpty();
                    assertThat(serializer.getClass().getSimpleName()).isEqualTo("JacksonCborSerializer");
                    serialization.verifySerialization(event, true);
                }));
    }

    @Test
    void everyEventTypeHasAnExample() {
        Set<Class<?>> covered = examples().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> declared = Stream.of(ProblemEvent.class, ExperimentEvent.class)
                .flatMap(c -> Arrays.stream(c.getPermittedSubclasses()))
                .collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void countersJournaledStringKeyedReadAsTypedCounts() throws Exception {
        var typed = new ExperimentEvent.Evaluated(
                "exp-1",
                1,
                "m-def",
                Map.of("held-out", 0.5),
                IterationCounts.evaluated("held-out", new IterationCounts.SplitCounts(0, 4, 2, 12, 3), 0));
        var serialization = SerializationExtension.get(testKit.system().classicSystem());
        var serializer =
                (org.apache.pekko.serialization.SerializerWithStringManifest) serialization.findSerializerFor(typed);
        var cbor = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serializer.toBinary(typed));
        tree.set(
                "counters",
                cbor.valueToTree(Map.of(
                        "held-out.total",
                        4,
                        "held-out.correct",
                        2,
                        "held-out.bucket.1.total",
                        4,
                        "held-out.samples",
                        12,
                        "held-out.samples.correct",
                        5,
                        "held-out.refined",
                        3,
                        "held-out.refined.flagged",
                        1,
                        "failed",
                        0)));

        var old = (ExperimentEvent.Evaluated)
                serializer.fromBinary(cbor.writeValueAsBytes(tree), serializer.manifest(typed));

        assertThat(old).isEqualTo(typed);
    }

    @Test
    void aSampledJournaledBeforeStepsWereCheckedReadsAsUnchecked() throws Exception {
        var sampled = (ProblemEvent.Sampled) examples().get(1);
        var serialization = SerializationExtension.get(testKit.system().classicSystem());
        var serializer =
                (org.apache.pekko.serialization.SerializerWithStringManifest) serialization.findSerializerFor(sampled);
        var cbor = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serializer.toBinary(sampled));
        assertThat(tree.remove("stepsValid")).isNotNull();

        var old = (ProblemEvent.Sampled)
                serializer.fromBinary(cbor.writeValueAsBytes(tree), serializer.manifest(sampled));

        assertThat(old.stepsValid()).isNull();
        assertThat(old.rightForWrongReason()).isFalse();
        assertThat(old.text()).isEqualTo(sampled.text());
    }
}
