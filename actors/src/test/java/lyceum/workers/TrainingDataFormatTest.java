package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lyceum.engine.ChatMessage;
import lyceum.engine.TrainingExample;
import org.junit.jupiter.api.Test;

/**
 * Each format's lines have the fields its trainer reads (TRL's SFTTrainer dataset formats, LLaMA-Factory's
 * data/README), and LLaMA-Factory's dataset_info.json names the file and its columns.
 */
class TrainingDataFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TrainingExample EXAMPLE =
            new TrainingExample("exp~p1~1~0~2", "Ann has \"2\" apples.\nHow many?\n", "2 + 3 = 5\n#### 5");

    private static JsonNode line(TrainingDataFormat format) throws IOException {
        String line = format.line(EXAMPLE);
        assertThat(line).doesNotContain("\n"); // one JSON object per line
        return JSON.readTree(line);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void trlPromptCompletionHasThePromptAndCompletionAsText() throws IOException {
        JsonNode r = line(TrainingDataFormat.TRL_PROMPT_COMPLETION);
        assertThat(fields(r)).containsExactly("prompt", "completion", "sample_id");
        assertThat(r.get("prompt").asText()).isEqualTo(EXAMPLE.prompt());
        assertThat(r.get("completion").asText()).isEqualTo(EXAMPLE.completion());
    }

    @Test
    void trlConversationalHasAUserThenAnAssistantMessage() throws IOException {
        JsonNode r = line(TrainingDataFormat.TRL_CONVERSATIONAL);
        assertThat(fields(r)).containsExactly("messages", "sample_id");
        JsonNode messages = r.get("messages");
        assertThat(messages).hasSize(2);
        assertThat(fields(messages.get(0))).containsExactly("role", "content");
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).get("content").asText()).isEqualTo(EXAMPLE.prompt());
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).get("content").asText()).isEqualTo(EXAMPLE.completion());
    }

    @Test
    void aChatExamplesMessagesAreTheConversationBeforeItsCompletion() throws IOException {
        List<ChatMessage> prompt = List.of(
                new ChatMessage("system", "Solve it."),
                new ChatMessage("user", "1 + 1?\n"),
                new ChatMessage("assistant", "#### 2"),
                new ChatMessage("user", "Ann has 2 apples.\n"));
        TrainingExample chat = new TrainingExample(
                "exp~p1~1~0~3", "Solve it.\n1 + 1?\n#### 2\nAnn has 2 apples.\n", "2 + 3 = 5\n#### 5", prompt);

        JsonNode trl =
                JSON.readTree(TrainingDataFormat.TRL_CONVERSATIONAL.line(chat)).get("messages");
        assertThat(trl).hasSize(5);
        assertThat(trl.get(0).get("role").asText()).isEqualTo("system");
        assertThat(trl.get(2).get("content").asText()).isEqualTo("#### 2");
        assertThat(trl.get(4).get("role").asText()).isEqualTo("assistant");
        assertThat(trl.get(4).get("content").asText()).isEqualTo(chat.completion());

        JsonNode sharegpt = JSON.readTree(TrainingDataFormat.SHAREGPT.line(chat));
        assertThat(sharegpt.get("system").asText()).isEqualTo("Solve it.");
        assertThat(sharegpt.get("conversations"))
                .extracting(t -> t.get("from").asText())
                .containsExactly("human", "gpt", "human", "gpt");

        for (TrainingDataFormat format : List.of(
                TrainingDataFormat.TRL_CONVERSATIONAL, TrainingDataFormat.SHAREGPT, TrainingDataFormat.LYCEUM)) {
            assertThat(format.read(format.line(chat))).as(format.key()).isEqualTo(chat);
        }
    }

    @Test
    void alpacaLinesAndItsDatasetInfoAgreeOnTheColumns() throws IOException {
        JsonNode r = line(TrainingDataFormat.ALPACA);
        assertThat(r.get("instruction").asText()).isEqualTo(EXAMPLE.prompt());
        assertThat(r.get("input").asText()).isEmpty();
        assertThat(r.get("output").asText()).isEqualTo(EXAMPLE.completion());

        JsonNode info = JSON.readTree(TrainingDataFormat.ALPACA.datasetInfo().orElseThrow());
        assertThat(fields(info)).containsExactly(TrainingDataFormat.DATASET_NAME);
        JsonNode dataset = info.get(TrainingDataFormat.DATASET_NAME);
        assertThat(dataset.get("formatting").asText()).isEqualTo("alpaca");
        Path data = TrainingDataFormat.ALPACA.dataFile(Path.of("/data/experiments/e1"), 3);
        assertThat(dataset.get("file_name").asText())
                .isEqualTo(data.getFileName().toString());
        JsonNode columns = dataset.get("columns");
        // every column dataset_info.json maps is a field of the lines
        for (String role : List.of("prompt", "query", "response")) {
            assertThat(r.has(columns.get(role).asText())).as(role).isTrue();
        }
        assertThat(columns.get("prompt").asText()).isEqualTo("instruction");
        assertThat(columns.get("response").asText()).isEqualTo("output");
    }

    @Test
    void sharegptLinesAndItsDatasetInfoAgreeOnTheTurnsAndTheirTags() throws IOException {
        JsonNode r = line(TrainingDataFormat.SHAREGPT);
        JsonNode info = JSON.readTree(TrainingDataFormat.SHAREGPT.datasetInfo().orElseThrow())
                .get(TrainingDataFormat.DATASET_NAME);
        assertThat(info.get("formatting").asText()).isEqualTo("sharegpt");
        JsonNode turns = r.get(info.get("columns").get("messages").asText());
        JsonNode tags = info.get("tags");
        assertThat(turns).hasSize(2);
        // LLaMA-Factory wants the user's turn first and the assistant's next, by the tags it is told
        assertThat(turns.get(0).get(tags.get("role_tag").asText()).asText())
                .isEqualTo(tags.get("user_tag").asText());
        assertThat(turns.get(0).get(tags.get("content_tag").asText()).asText()).isEqualTo(EXAMPLE.prompt());
        assertThat(turns.get(1).get(tags.get("role_tag").asText()).asText())
                .isEqualTo(tags.get("assistant_tag").asText());
        assertThat(turns.get(1).get(tags.get("content_tag").asText()).asText()).isEqualTo(EXAMPLE.completion());
    }

    @Test
    void everyFormatReadsBackToTheSameExampleAndOnlyLlamaFactoryHasADatasetInfo() throws IOException {
        for (TrainingDataFormat format : TrainingDataFormat.values()) {
            assertThat(format.read(format.line(EXAMPLE))).as(format.key()).isEqualTo(EXAMPLE);
            assertThat(format.datasetInfo().isPresent()).as(format.key()).isEqualTo(format.llamaFactory());
            assertThat(TrainingDataFormat.of(format.key())).isEqualTo(format);
        }
        assertThat(TrainingDataFormat.of(null)).isEqualTo(TrainingDataFormat.LYCEUM);
    }

    @Test
    void llamaFactorySetsLieInAFolderOfTheirOwnAndTheOthersBesideEachOther() {
        Path experiment = Path.of("/data/experiments/e1");
        Path alpaca = TrainingDataFormat.ALPACA.dataFile(experiment, 2);
        assertThat(alpaca).isEqualTo(experiment.resolve("iteration-2-train").resolve("train.jsonl"));
        assertThat(TrainingDataFormat.ALPACA.files(alpaca))
                .containsExactly(alpaca, experiment.resolve("iteration-2-train").resolve("dataset_info.json"));
        assertThat(TrainingDataFormat.ALPACA.experimentDir(alpaca)).isEqualTo(experiment);
        Path trl = TrainingDataFormat.TRL_CONVERSATIONAL.dataFile(experiment, 2);
        assertThat(trl).isEqualTo(experiment.resolve("iteration-2-train.jsonl"));
        assertThat(TrainingDataFormat.TRL_CONVERSATIONAL.files(trl)).containsExactly(trl);
        assertThat(TrainingDataFormat.TRL_CONVERSATIONAL.experimentDir(trl)).isEqualTo(experiment);
    }

    @Test
    void aLineOfAnotherFormatIsRefusedNamingTheMissingField() throws IOException {
        String alpaca = TrainingDataFormat.ALPACA.line(EXAMPLE);
        assertThatThrownBy(() -> TrainingDataFormat.TRL_PROMPT_COMPLETION.read(alpaca))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("trl-prompt-completion")
                .hasMessageContaining("prompt");
        assertThatThrownBy(() -> TrainingDataFormat.of("jsonl"))
                .hasMessageContaining("'jsonl'")
                .hasMessageContaining("trl-conversational");
    }
}
