package lyceum.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lyceum.engine.OpenAiEndpoint;
import lyceum.experiment.config.PromptSettings.PromptTemplates;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Example;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Template;
import org.junit.jupiter.api.Test;

class PromptTemplatesConfigTest extends ExperimentFileFixture {

    @Test
    void theDefaultsInTheConfFileAreThePromptsLyceumAlwaysWrote() {
        assertThat(ExperimentConfigLoader.defaults().prompts()).isEqualTo(PromptTemplates.LEGACY);
    }

    @Test
    void aConfigJournaledBeforePromptTemplatesReadsWithTheLegacyOnes() {
        ObjectNode json = new ObjectMapper().findAndRegisterModules().valueToTree(ExperimentConfigLoader.defaults());
        json.remove("prompts");

        assertThat(ConfigJson.read(json.toString()).prompts()).isEqualTo(PromptTemplates.LEGACY);
    }

    @Test
    void aJournaledChatConfigReadsBackAsItWasWritten() throws IOException {
        Path f = file(
                "chat.conf",
                "experiment.prompts {",
                "  format = chat",
                "  system = \"You solve word problems.\"",
                "  few-shot = [{question = \"What is 1 + 1?\", answer = \"1 + 1 = 2\\n#### 2\"}]",
                "  stop = [\"\\n\\n\"]",
                "  sample.max-tokens = 256",
                "}");
        ExperimentConfig c = ExperimentConfigLoader.load(f);

        assertThat(ConfigJson.read(ConfigJson.write(c))).isEqualTo(c);
        assertThat(c.prompts().format()).isEqualTo(OpenAiEndpoint.Format.CHAT);
        assertThat(c.prompts().fewShot()).containsExactly(new Example("What is 1 + 1?", "1 + 1 = 2\n#### 2"));
        // every role inherits prompts.stop unless it sets its own
        assertThat(c.prompts().sample()).isEqualTo(new Template("{question}\n", List.of("\n\n"), 256));
        assertThat(c.prompts().revision().stop()).containsExactly("\n\n");
    }

    @Test
    void anUnknownPlaceholderIsReportedWithItsKeyAndName() throws IOException {
        Path f = file(
                "placeholder.conf",
                "experiment {",
                "  prompts.critique.template = \"{question}\\n{solution}\\n{reference}\\nCritique:\\n\"",
                "}");

        assertRefusedAt(f, ":2", "experiment.prompts.critique.template", "{reference}");
    }

    @Test
    void aPlaceholderOfAnotherRoleIsUnknownInThisOne() throws IOException {
        Path f = file("other-role.conf", "experiment.prompts.sample.template = \"{question} (answer: {answer})\\n\"");

        assertRefused(f)
                .hasMessageContaining("experiment.prompts.sample.template")
                .hasMessageContaining("{answer}");
    }

    @Test
    void doubledBracesWriteBracesAndAreNoPlaceholder() throws IOException {
        Path f = file(
                "braces.conf",
                "experiment.prompts.sample.template = \"{question}\\nPut the answer in \\\\boxed{{}}.\\n\"");

        Template sample = ExperimentConfigLoader.load(f).prompts().sample();

        assertThat(sample.placeholders()).containsExactly("question");
        assertThat(sample.render(Map.of("question", "Q"))).isEqualTo("Q\nPut the answer in \\boxed{}.\n");
    }

    @Test
    void fewShotExamplesAreReadFromAFileBesideTheExperimentAfterTheInlineOnes() throws IOException {
        Files.writeString(dir.resolve("shots.jsonl"), """
        {"question": "What is 2 + 2?", "answer": "2 + 2 = 4\\n#### 4"}

        {"question": "What is 3 * 3?", "answer": "3 * 3 = 9\\n#### 9"}
        """);
        Path f = file(
                "shots.conf",
                "experiment.prompts {",
                "  few-shot = [{question = \"What is 1 + 1?\", answer = \"#### 2\"}]",
                "  few-shot-file = \"shots.jsonl\"",
                "}");

        assertThat(ExperimentConfigLoader.load(f).prompts().fewShot())
                .containsExactly(
                        new Example("What is 1 + 1?", "#### 2"),
                        new Example("What is 2 + 2?", "2 + 2 = 4\n#### 4"),
                        new Example("What is 3 * 3?", "3 * 3 = 9\n#### 9"));
    }

    @Test
    void aFewShotFileIsAlsoLookedForInTheDataFolder() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("shots.jsonl"), "{\"question\": \"Q\", \"answer\": \"A\"}\n");
        Path f = file("in-data.conf", "experiment.prompts.few-shot-file = \"shots.jsonl\"");

        assertThat(ExperimentConfigLoader.load(f, data).prompts().fewShot()).containsExactly(new Example("Q", "A"));
    }

    @Test
    void aMissingFewShotFileIsReportedWithItsKeyAndWhereItWasLookedFor() throws IOException {
        Path f = file("missing.conf", "experiment.prompts.few-shot-file = \"nowhere.jsonl\"");

        assertRefused(f)
                .hasMessageContaining("experiment.prompts.few-shot-file")
                .hasMessageContaining(dir.resolve("nowhere.jsonl").toString());
    }

    @Test
    void aBadLineOfTheFewShotFileIsReportedWithTheFileAndLine() throws IOException {
        Path shots = Files.writeString(
                dir.resolve("bad.jsonl"), "{\"question\": \"Q\", \"answer\": \"A\"}\n{\"question\": \"Q\"}\n");
        Path f = file("bad-line.conf", "experiment.prompts.few-shot-file = \"bad.jsonl\"");

        assertRefused(f)
                .hasMessageContaining("experiment.prompts.few-shot-file")
                .hasMessageContaining(shots + " line 2")
                .hasMessageContaining("\"answer\"");
    }

    @Test
    void anInlineExampleWithoutAnAnswerIsReportedWithItsKey() throws IOException {
        Path f = file("inline.conf", "experiment.prompts.few-shot = [{question = \"Q\"}]");

        assertRefused(f)
                .hasMessageContaining("experiment.prompts.few-shot")
                .hasMessageContaining("item 1")
                .hasMessageContaining("'answer'");
    }

    @Test
    void aStateResetInChatOnAServerThatCannotContinueTheAssistantIsRefusedNamingTheKey() throws IOException {
        Path f = file(
                "no-continue.conf",
                "experiment {",
                "  model { backend = openai, endpoint = \"http://127.0.0.1:8000\" }",
                "  strategy.name = state-reset",
                "  prompts { format = chat, continue-final-message = false }",
                "}");

        assertRefused(f)
                .hasMessageContaining("experiment.prompts.continue-final-message")
                .hasMessageContaining("state reset");
        // the same server is fine for strategies that never continue an assistant message
        Path vanilla = file(
                "vanilla.conf",
                "experiment {",
                "  model { backend = openai, endpoint = \"http://127.0.0.1:8000\" }",
                "  prompts { format = chat, continue-final-message = false }",
                "}");
        assertThat(ExperimentConfigLoader.load(vanilla).prompts().chat()).isTrue();
    }

    @Test
    void aStateResetTemplateMustEndWithItsPrefix() throws IOException {
        Path f = file("prefix.conf", "experiment.prompts.state-reset.template = \"{prefix}\\n{question}\\n\"");

        assertRefused(f)
                .hasMessageContaining("experiment.prompts.state-reset.template")
                .hasMessageContaining("must end with {prefix}");
    }

    @Test
    void moreStopStringsThanOpenAiTakesOrAnUnknownFormatAreReportedWithTheirKeys() throws IOException {
        Path stops = file("stops.conf", "experiment.prompts.reflection.stop = [a, b, c, d, e]");
        assertRefused(stops)
                .hasMessageContaining("experiment.prompts.reflection.stop")
                .hasMessageContaining("at most 4");

        Path format = file("format.conf", "experiment.prompts.format = chatml");
        assertRefused(format)
                .hasMessageContaining("experiment.prompts.format")
                .hasMessageContaining("completion or chat");
    }
}
