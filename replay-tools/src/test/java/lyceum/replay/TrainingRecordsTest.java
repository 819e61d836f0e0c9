package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.problem.Prompts;
import lyceum.projections.SampledFixture;
import org.junit.jupiter.api.Test;

/** The DPO pairing rule on hand-made problem streams. */
class TrainingRecordsTest {

    static final String EXP = "e";
    static final String PROBLEM = "p";

    @Test
    void withoutCorrectionsAcceptedSamplesPairWithIncorrectOnesInOrder() {
        List<ProblemEvent> events = registeredAndSampled(true, false, true, true, false);
        events.add(accepted(0));
        events.add(rejected(1, DecisionRule.INCORRECT));
        events.add(accepted(2));
        events.add(rejected(3, DecisionRule.QUOTA_FULL));
        events.add(rejected(4, DecisionRule.INCORRECT));

        List<Map<String, Object>> pairs = TrainingRecords.of(events, 1, ExportFormat.TRL_DPO);

        assertThat(pairs)
                .extracting(p -> p.get("chosen_sample_id"), p -> p.get("rejected_sample_id"))
                .containsExactly(tuple(id(0), id(1)), tuple(id(2), id(4)));
        assertThat(pairs).allSatisfy(p -> {
            assertThat(p.get("pair_source")).isEqualTo(TrainingRecords.FROM_REJECTION);
            assertThat(p.get("prompt")).isEqualTo("Q?\n");
        });
        assertThat(pairs.get(0).get("rejected")).isEqualTo("text " + 1);
    }

    @Test
    void aRepairingCorrectionTakesPrecedenceAndAnotherIterationIsIgnored() {
        List<ProblemEvent> events = registeredAndSampled(true, false);
        events.add(new Corrected(
                EXP,
                PROBLEM,
                1,
                id(1),
                CorrectionKind.CRITIQUE,
                "step 2 is wrong",
                true,
                List.of(),
                false,
                "critic",
                id(1) + "~refined",
                "fixed text",
                "4",
                true,
                false));
        events.add(new Corrected(
                EXP,
                PROBLEM,
                1,
                id(1),
                CorrectionKind.REFLECTION,
                "still wrong",
                false,
                List.of(),
                null,
                "critic",
                id(1) + "~refined-2",
                "other text",
                "5",
                false,
                false));
        events.add(accepted(0));
        events.add(rejected(1, DecisionRule.INCORRECT));

        List<Map<String, Object>> pairs = TrainingRecords.of(events, 1, ExportFormat.TRL_DPO);

        assertThat(pairs).singleElement().satisfies(p -> {
            assertThat(p.get("chosen_sample_id")).isEqualTo(id(1) + "~refined");
            assertThat(p.get("chosen")).isEqualTo("fixed text");
            assertThat(p.get("rejected_sample_id")).isEqualTo(id(1));
            assertThat(p.get("rejected")).isEqualTo("text 1");
            assertThat(p.get("pair_source")).isEqualTo(TrainingRecords.FROM_CORRECTION);
        });
        assertThat(TrainingRecords.of(events, 2, ExportFormat.TRL_DPO)).isEmpty();
        assertThat(TrainingRecords.of(events, 1, ExportFormat.ALPACA))
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("sample_id", id(0)).containsEntry("output", "text 0"));
    }

    @Test
    void reflectionsGiveDPlusConversationsAndPairsOfAReflectionThatLedRightAgainstOneThatDidNot() {
        List<ProblemEvent> events = registeredAndSampled(false, false);
        events.add(reflection(0, 0, "I added twice.", true));
        events.add(reflection(0, 1, "Looks fine.", false));
        events.add(reflection(1, 2, "Nothing to fix.", false));
        events.add(reflection(1, 3, "Still unsure.", false));
        events.add(new Accepted(
                EXP,
                PROBLEM,
                refined(0),
                1,
                List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "")),
                "p",
                true,
                "Q?\n",
                "2 + 2 = 4\n#### 4"));

        List<Map<String, Object>> pairs = TrainingRecords.of(events, 1, ExportFormat.TRL_DPO);

        assertThat(pairs)
                .extracting(p -> p.get("pair_source"), p -> p.get("chosen_sample_id"), p -> p.get("rejected_sample_id"))
                .containsExactly(
                        tuple(TrainingRecords.FROM_CORRECTION, refined(0), id(0)),
                        tuple(TrainingRecords.FROM_REFLECTIONS, refined(0), refined(1)));
        assertThat(pairs.get(1))
                .containsEntry("chosen", "I added twice.")
                .containsEntry("rejected", "Looks fine.")
                .containsEntry(
                        "prompt",
                        TrainingRecords.reflectionPrompt(Prompts.DEFAULT, "Q?", "text 0")
                                .text());

        List<Map<String, Object>> sft = TrainingRecords.of(events, 1, ExportFormat.TRL_SFT);
        assertThat(sft)
                .extracting(r -> r.get("record_source"), r -> r.get("sample_id"))
                .containsExactly(
                        tuple(TrainingRecords.FROM_REFLECTION, refined(0)),
                        tuple(TrainingRecords.FROM_ACCEPTED, refined(0)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conversation =
                (List<Map<String, Object>>) sft.get(0).get("messages");
        assertThat(conversation)
                .extracting(m -> m.get("role"), m -> m.get("content"))
                .containsExactly(
                        tuple("user", "Q?\n"),
                        tuple("assistant", "text 0"),
                        tuple("user", "The answer is wrong. Reflect on it."),
                        tuple("assistant", "I added twice."),
                        tuple("user", "Revised answer:"),
                        tuple("assistant", "2 + 2 = 4\n#### 4"));
        assertThat(sft.get(0)).containsEntry("first_trial_sample_id", id(0));

        // a right second trial the policy rejected (a shortcut) is neither D+ nor a chosen reflection
        List<ProblemEvent> rejectedShortcut = new ArrayList<>(events.subList(0, events.size() - 1));
        rejectedShortcut.add(
                new Rejected(EXP, PROBLEM, refined(0), 1, List.of(new DecisionReason(DecisionRule.SHORTCUT, "")), "p"));
        assertThat(TrainingRecords.of(rejectedShortcut, 1, ExportFormat.TRL_SFT))
                .isEmpty();
        assertThat(TrainingRecords.of(rejectedShortcut, 1, ExportFormat.TRL_DPO))
                .noneMatch(p -> TrainingRecords.FROM_REFLECTIONS.equals(p.get("pair_source")));
    }

    private static final Prompts CHAT =
            Prompts.of(ExperimentConfigLoader.parse("""
      experiment.prompts {
        format = chat
        system = "Solve it."
        few-shot = [{question = "1 + 1?", answer = "#### 2"}]
      }
      """).prompts());

    @Test
    void aChatExperimentExportsTheMessagesItsModelWasSampledWith() {
        String sampledWith = CHAT.sample("Q?").text();
        List<ProblemEvent> events = registeredAndSampled(true, false);
        events.add(new Accepted(
                EXP,
                PROBLEM,
                id(0),
                1,
                List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "")),
                "p",
                false,
                sampledWith,
                "text 0"));
        events.add(rejected(1, DecisionRule.INCORRECT));

        Map<String, Object> trl =
                TrainingRecords.of(events, 1, ExportFormat.TRL_SFT, CHAT).get(0);
        assertThat(trl.get("messages"))
                .isEqualTo(List.of(
                        Map.of("role", "system", "content", "Solve it."),
                        Map.of("role", "user", "content", "1 + 1?\n"),
                        Map.of("role", "assistant", "content", "#### 2"),
                        Map.of("role", "user", "content", "Q?\n"),
                        Map.of("role", "assistant", "content", "text 0")));

        Map<String, Object> sharegpt =
                TrainingRecords.of(events, 1, ExportFormat.SHAREGPT, CHAT).get(0);
        assertThat(sharegpt).containsEntry("system", "Solve it.").containsEntry("sample_id", id(0));
        assertThat(sharegpt.get("conversations"))
                .isEqualTo(List.of(
                        Map.of("from", "human", "value", "1 + 1?\n"), Map.of("from", "gpt", "value", "#### 2"),
                        Map.of("from", "human", "value", "Q?\n"), Map.of("from", "gpt", "value", "text 0")));

        Map<String, Object> dpo =
                TrainingRecords.of(events, 1, ExportFormat.TRL_DPO, CHAT).get(0);
        assertThat(dpo.get("prompt")).isEqualTo(((List<?>) trl.get("messages")).subList(0, 4));
        assertThat(dpo.get("chosen")).isEqualTo(List.of(Map.of("role", "assistant", "content", "text 0")));
        assertThat(dpo.get("rejected")).isEqualTo(List.of(Map.of("role", "assistant", "content", "text 1")));

        // alpaca, and any format of a completion experiment, keeps the rendered text
        assertThat(TrainingRecords.of(events, 1, ExportFormat.ALPACA, CHAT).get(0))
                .containsEntry("instruction", sampledWith);
        assertThat(TrainingRecords.of(events, 1, ExportFormat.TRL_SFT, Prompts.DEFAULT)
                        .get(0)
                        .get("messages"))
                .isEqualTo(List.of(
                        Map.of("role", "user", "content", sampledWith),
                        Map.of("role", "assistant", "content", "text 0")));
    }

    private static String refined(int index) {
        return EXP + "~" + PROBLEM + "~1~1~" + index;
    }

    private static Corrected reflection(int firstTrial, int index, String text, boolean right) {
        return new Corrected(
                EXP,
                PROBLEM,
                1,
                id(firstTrial),
                CorrectionKind.REFLECTION,
                text,
                false,
                List.of(),
                null,
                "m0",
                refined(index),
                right ? "2 + 2 = 4\n#### 4" : "2 + 3 = 5\n#### 5",
                right ? "4" : "5",
                right,
                false);
    }

    private static ProblemRegistered registered() {
        return new ProblemRegistered(EXP, PROBLEM, "Q?", "4", "2 + 2 = 4", 1.0, 1, "train", "d", "s", 0);
    }

    /** The registration, then samples 0, 1, ... of iteration 1 graded as {@code correct} says. */
    private static List<ProblemEvent> registeredAndSampled(boolean... correct) {
        List<ProblemEvent> events = new ArrayList<>(List.of(registered()));
        for (int i = 0; i < correct.length; i++) {
            events.add(sampled(i, correct[i]));
        }
        return events;
    }

    private static String id(int index) {
        return EXP + "~" + PROBLEM + "~1~0~" + index;
    }

    private static Sampled sampled(int index, boolean correct) {
        return SampledFixture.sample(EXP, PROBLEM, id(index))
                .at(1, 0, index)
                .text("text " + index)
                .graded(correct ? "4" : "5", "g", correct)
                .build();
    }

    private static Accepted accepted(int index) {
        return new Accepted(
                EXP,
                PROBLEM,
                id(index),
                1,
                List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, "")),
                "p",
                false,
                "Q?\n",
                "text " + index);
    }

    private static Rejected rejected(int index, DecisionRule rule) {
        return new Rejected(EXP, PROBLEM, id(index), 1, List.of(new DecisionReason(rule, "")), "p");
    }
}
