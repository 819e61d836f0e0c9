package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.engine.ChatMessage;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.config.ConfigJson;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.problem.Prompts;
import lyceum.projections.SampledFixture;
import org.junit.jupiter.api.Test;

/** The audit renders the prompt a sample was drawn with from the journaled config and events alone. */
class SampleAuditPromptTest {

    private static final String E = "e";
    private static final String PREFIX = "2 + 3 = 5\n";
    private static final ProblemRegistered PROBLEM = new ProblemRegistered(
            E,
            "p",
            "Bo has 2 coins, finds 3, then 4 more. How many?",
            "9",
            "2 + 3 = 5\n5 + 4 = 9\n#### 9",
            1.0,
            1,
            "train",
            "synthetic",
            "s",
            1);

    private static JournaledEvent at(long seq, Object event) {
        return new JournaledEvent(
                event instanceof ExperimentStarted ? "experiment|" + E : "problem|" + E + "|p",
                seq,
                1_000L + seq,
                event);
    }

    private static Sampled sampled(int round, String hintId, String promptHash) {
        String id = E + "~p~1~" + round + "~0";
        return SampledFixture.sample(E, "p", id)
                .at(1, round, 0)
                .strategy("state-reset", hintId)
                .params(0.7, 0.95, 64, 1L, promptHash)
                .text("5 + 4 = 9\n#### 9", 9, -0.4)
                .graded("9", "g", true)
                .latency(3L)
                .build();
    }

    private static SampleAudit audit(ExperimentConfig config, String promptHash) {
        Hinted hint =
                new Hinted(E, "p", 1, 1, "hint-1-1", HintKind.STATE_RESET_PREFIX, PREFIX, "0 of 1 correct", null, null);
        List<JournaledEvent> problem = List.of(
                at(1, PROBLEM), at(2, sampled(0, null, "x")), at(3, hint), at(4, sampled(1, "hint-1-1", promptHash)));
        List<JournaledEvent> experiment = config == null
                ? List.of()
                : List.of(at(
                        1, new ExperimentStarted(E, "e", ConfigJson.write(config), ConfigJson.hash(config), "v", 0L)));
        return SampleAuditor.audit(E + "~p~1~1~0", problem, experiment, null);
    }

    @Test
    void aChatStateResetIsShownAsTheMessagesSentWithTheReferenceStepsTheAssistantsStart() {
        ExperimentConfig chat = ExperimentConfigLoader.parse(
                "experiment.prompts { format = chat, system = \"Solve.\", stop = [\"\\n\\n\"] }");
        String text = "Solve.\n" + PROBLEM.question() + "\n" + PREFIX;

        SampleAudit audit = audit(chat, Prompts.hash(text));

        SampleAudit.Prompt prompt = audit.sampling().prompt();
        assertThat(prompt.format()).isEqualTo("chat");
        assertThat(prompt.text()).isEqualTo(text);
        assertThat(prompt.messages())
                .containsExactly(
                        new ChatMessage("system", "Solve."),
                        new ChatMessage("user", PROBLEM.question() + "\n"),
                        new ChatMessage("assistant", PREFIX));
        assertThat(prompt.stop()).containsExactly("\n\n");
        assertThat(prompt.matchesHash()).isTrue();
        assertThat(audit.render()).contains("Prompt (chat, its hash as journaled):", "  [assistant]\n  | 2 + 3 = 5");
    }

    @Test
    void anExperimentWithoutTemplatesShowsTheDefaultPromptAndAHashThatDisagreesIsSaid() {
        String text = PROBLEM.question() + "\n" + PREFIX;

        SampleAudit journaledBefore = audit(null, Prompts.hash(text));
        assertThat(journaledBefore.sampling().prompt().format()).isEqualTo("completion");
        assertThat(journaledBefore.sampling().prompt().text()).isEqualTo(text);
        assertThat(journaledBefore.sampling().prompt().messages()).isEmpty();
        assertThat(journaledBefore.sampling().prompt().matchesHash()).isTrue();

        SampleAudit other = audit(ExperimentConfigLoader.defaults(), "0123456789abcdef");
        assertThat(other.sampling().prompt().matchesHash()).isFalse();
        assertThat(other.render()).contains("its hash differs from the journaled 0123456789abcdef");
    }
}
