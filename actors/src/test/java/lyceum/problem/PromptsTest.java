package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lyceum.engine.ChatMessage;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.experiment.config.ExperimentConfigLoader;
import lyceum.experiment.config.PromptSettings.PromptTemplates;
import org.junit.jupiter.api.Test;

class PromptsTest {

    /** The prompts as they were hard-coded before templates, kept verbatim to hold the defaults to them. */
    private static final class Before {
        static String plain(String question) {
            return question.strip() + "\n";
        }

        static String withAnswerHint(String question, String answer) {
            return question.strip() + "\nHint: the answer is " + answer.strip() + ".\n";
        }

        static String withRationaleGuide(String question, String rationale) {
            return question.strip() + "\nGuide:\n" + rationale.strip() + "\nSolution:\n";
        }

        static String withPrefix(String question, String prefix) {
            return plain(question) + prefix;
        }

        static String critiqueRequest(String question, String referenceAnswer, String solution) {
            return plain(question) + "Answer:\n" + solution.strip() + "\nReference answer: " + referenceAnswer.strip()
                    + CRITIQUE_FORMAT;
        }

        static String blindCritiqueRequest(String question, String solution) {
            return plain(question) + "Answer:\n" + solution.strip() + CRITIQUE_FORMAT;
        }

        private static final String CRITIQUE_FORMAT =
                "\nJudge each step with a line \"Step k: correct - why\" or \"Step k: wrong - why\", then a last line"
                        + " \"Verdict: correct\" or \"Verdict: wrong\".\nCritique:\n";

        static String reflectionRequest(String question, String firstTrial, String demand) {
            return plain(question) + "Answer:\n" + firstTrial.strip() + "\nThe answer is wrong. " + demand.strip()
                    + "\nReflection:\n";
        }

        static String revision(String question, String earlierAnswer, String label, String feedback) {
            return plain(question) + "Answer:\n" + earlierAnswer.strip() + "\n" + label + ":\n" + feedback.strip()
                    + "\nRevised answer:\n";
        }
    }

    private static final List<String> QUESTIONS = List.of(
            "Bo has 2 coins and finds 3 more. How many coins?",
            "  Ann reads 4 pages.\nThen 5 more. How many?\n\n",
            "What is {x} + 1?");
    private static final List<String> TEXTS = List.of("2 + 3 = 5\n#### 5", "\n 7 \n", "a {b} c\n\nd");

    @Test
    void theDefaultTemplatesRenderExactlyThePromptsLyceumWroteBefore() {
        // the file's defaults, not only the constant: an experiment without a prompts section gets these
        Prompts prompts = Prompts.of(ExperimentConfigLoader.defaults().prompts());
        for (String q : QUESTIONS) {
            for (String t : TEXTS) {
                assertThat(prompts.sample(q).text()).isEqualTo(Before.plain(q));
                assertThat(prompts.answerHint(q, t).text()).isEqualTo(Before.withAnswerHint(q, t));
                assertThat(prompts.rationaleGuide(q, t).text()).isEqualTo(Before.withRationaleGuide(q, t));
                assertThat(prompts.stateReset(q, "2 + 3 = 5\n").text()).isEqualTo(Before.withPrefix(q, "2 + 3 = 5\n"));
                assertThat(prompts.critique(q, " 5 ", t).text()).isEqualTo(Before.critiqueRequest(q, " 5 ", t));
                assertThat(prompts.blindCritique(q, t).text()).isEqualTo(Before.blindCritiqueRequest(q, t));
                assertThat(prompts.reflection(q, t, " Check each step. ").text())
                        .isEqualTo(Before.reflectionRequest(q, t, " Check each step. "));
                for (String label : List.of("Teacher", "Critique", "Reflection")) {
                    assertThat(prompts.revise(q, t, label, "Step 1: wrong").text())
                            .isEqualTo(Before.revision(q, t, label, "Step 1: wrong"));
                }
            }
        }
    }

    @Test
    void aCompletionPromptIsSentAsTextWithoutMessagesOrStop() {
        GenerationRequest request =
                Prompts.DEFAULT.sample("What is 2 + 3?").request("s-1", new SamplingParams(0.7, 0.95, 64, 9));

        assertThat(request.prompt()).isEqualTo("What is 2 + 3?\n");
        assertThat(request.messages()).isEmpty();
        assertThat(request.stop()).isEmpty();
        assertThat(request.params()).isEqualTo(new SamplingParams(0.7, 0.95, 64, 9));
    }

    private static Prompts chat() {
        return Prompts.of(ExperimentConfigLoader.parse("""
        experiment.prompts {
          format = chat
          system = "You solve word problems step by step."
          few-shot = [{question = " What is 1 + 1? ", answer = "1 + 1 = 2\\n#### 2"}]
          stop = ["\\n\\n"]
          sample { template = "Question: {question}", max-tokens = 300 }
          critique.stop = ["Verdict: correct", "Verdict: wrong"]
        }
        """).prompts());
    }

    @Test
    void aChatPromptIsTheSystemTheFewShotPairsAndTheUserMessageWithItsStopAndMaxTokens() {
        Prompts.Prompt prompt = chat().sample("What is 2 + 3?");

        assertThat(prompt.messages())
                .containsExactly(
                        new ChatMessage("system", "You solve word problems step by step."),
                        new ChatMessage("user", "Question: What is 1 + 1?"),
                        new ChatMessage("assistant", "1 + 1 = 2\n#### 2"),
                        new ChatMessage("user", "Question: What is 2 + 3?"));
        // the text lyceum serve's chat template renders from the same messages, and the one hashed
        assertThat(prompt.text())
                .isEqualTo(
                        "You solve word problems step by step.\nQuestion: What is 1 + 1?\n1 + 1 = 2\n#### 2\nQuestion: What is 2 + 3?\n");
        GenerationRequest request = prompt.request("s-1", new SamplingParams(0.7, 0.95, 64, 9));
        assertThat(request.messages()).isEqualTo(prompt.messages());
        assertThat(request.stop()).containsExactly("\n\n");
        assertThat(request.params().maxTokens()).isEqualTo(300);
        assertThat(request.continuesFinalMessage()).isFalse();
    }

    @Test
    void aStateResetInChatContinuesTheAssistantsMessageFromTheReferenceSteps() {
        Prompts.Prompt prompt = chat().stateReset("What is 2 + 3 + 4?", "2 + 3 = 5\n");

        assertThat(prompt.messages().subList(3, 5))
                .containsExactly(
                        new ChatMessage("user", "What is 2 + 3 + 4?\n"), new ChatMessage("assistant", "2 + 3 = 5\n"));
        assertThat(prompt.text()).endsWith("#### 2\nWhat is 2 + 3 + 4?\n2 + 3 = 5\n");
        assertThat(prompt.request("s", SamplingParams.greedy(8)).continuesFinalMessage())
                .isTrue();
    }

    @Test
    void critiquesAndReflectionsGetTheSystemPromptButNoWorkedExamples() {
        Prompts.Prompt critique = chat().critique("What is 2 + 3?", "5", "2 + 3 = 6\n#### 6");

        assertThat(critique.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(critique.stop()).containsExactly("Verdict: correct", "Verdict: wrong");
        assertThat(chat().reflection("Q", "A", "Check.").messages()).hasSize(2);
        assertThat(chat().revise("Q", "A", "Critique", "wrong").messages()).hasSize(4);
    }

    @Test
    void aCompletionTemplateWithoutANewlineIsLeftOpenForTheModelToContinue() {
        Prompts prompts = Prompts.of(ExperimentConfigLoader.parse("""
        experiment.prompts {
          system = "Solve."
          few-shot = [{question = "1 + 1?", answer = "2"}]
          sample.template = "Q: {question}\\nA:"
        }
        """).prompts());

        Prompts.Prompt prompt = prompts.sample("2 + 3?");

        assertThat(prompt.text()).isEqualTo("Solve.\nQ: 1 + 1?\nA:\n2\nQ: 2 + 3?\nA:");
        assertThat(prompt.request("s", SamplingParams.greedy(8)).messages()).isEmpty();
        assertThat(Prompts.of(PromptTemplates.LEGACY)).isSameAs(Prompts.DEFAULT);
    }
}
