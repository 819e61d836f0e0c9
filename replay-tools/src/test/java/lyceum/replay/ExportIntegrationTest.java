package lyceum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported training files of a journaled experiment, read back as LLaMA-Factory (alpaca, sharegpt) and
 * TRL (conversational SFT, preference) describe them: JSON Lines, one object per line, the documented
 * field names with string values.
 */
class ExportIntegrationTest extends ReadsScriptedJournal {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void alpacaHasInstructionInputOutput() throws IOException {
        List<JsonNode> records = export(1, ExportFormat.ALPACA);

        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(fieldNames(r)).containsExactly("instruction", "input", "output", "sample_id");
            assertThat(r.get("instruction").isTextual()
                            && r.get("input").isTextual()
                            && r.get("output").isTextual())
                    .isTrue();
            assertThat(r.get("input").asText()).isEmpty();
        });
        assertThat(ids(records, "sample_id")).isEqualTo(acceptedIds(1));
        Accepted first = accepted(1).get(0);
        assertThat(records)
                .filteredOn(r -> r.get("sample_id").asText().equals(first.sampleId()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.get("instruction").asText()).isEqualTo(first.trainingPrompt());
                    assertThat(r.get("output").asText()).isEqualTo(first.trainingCompletion());
                });
    }

    @Test
    void sharegptHasHumanThenGptConversations() throws IOException {
        List<JsonNode> records = export(2, ExportFormat.SHAREGPT);

        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(fieldNames(r)).containsExactly("conversations", "sample_id");
            assertThat(r.get("conversations").isArray()).isTrue();
            assertTwoTurns(r.get("conversations"), "from", "value", "human", "gpt");
        });
        assertThat(ids(records, "sample_id")).isEqualTo(acceptedIds(2));
    }

    @Test
    void trlSftHasUserThenAssistantMessages() throws IOException {
        List<JsonNode> records = export(1, ExportFormat.TRL_SFT);

        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(fieldNames(r)).containsExactly("messages", "sample_id", "record_source");
            assertThat(r.get("record_source").asText()).isEqualTo(TrainingRecords.FROM_ACCEPTED);
            assertTwoTurns(r.get("messages"), "role", "content", "user", "assistant");
        });
        assertThat(ids(records, "sample_id")).isEqualTo(acceptedIds(1));
    }

    @Test
    void trlDpoPairsCorrectionsOrAcceptedAgainstIncorrect() throws IOException {
        List<JsonNode> records = new ArrayList<>(export(1, ExportFormat.TRL_DPO));
        records.addAll(export(2, ExportFormat.TRL_DPO));

        assertThat(records).allSatisfy(r -> {
            assertThat(fieldNames(r))
                    .containsExactly(
                            "prompt", "chosen", "rejected", "chosen_sample_id", "rejected_sample_id", "pair_source");
            r.fields()
                    .forEachRemaining(f ->
                            assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue());
            Sampled rejected = sample(r.get("rejected_sample_id").asText());
            assertThat(rejected.correct()).isFalse();
            assertThat(r.get("rejected").asText()).isEqualTo(rejected.text());
        });
        assertThat(records)
                .filteredOn(r -> r.get("pair_source").asText().equals(TrainingRecords.FROM_CORRECTION))
                .isNotEmpty()
                .allSatisfy(r -> {
                    Corrected c = events(Corrected.class).stream()
                            .filter(x -> x.refinedSampleId()
                                    .equals(r.get("chosen_sample_id").asText()))
                            .findFirst()
                            .orElseThrow();
                    assertThat(c.refinedCorrect()).isTrue();
                    assertThat(c.sampleId())
                            .isEqualTo(r.get("rejected_sample_id").asText());
                    assertThat(r.get("chosen").asText()).isEqualTo(c.refinedText());
                });
        assertThat(records)
                .filteredOn(r -> r.get("pair_source").asText().equals(TrainingRecords.FROM_REJECTION))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(events(Accepted.class))
                        .anyMatch(a -> a.sampleId()
                                        .equals(r.get("chosen_sample_id").asText())
                                && a.trainingCompletion().equals(r.get("chosen").asText())));
        assertThat(records).hasSize(expectedPairs(1) + expectedPairs(2));
    }

    @Test
    void anUnknownFormatOrExperimentIsAClearError() {
        assertThatThrownBy(() -> ExportFormat.parse("csv")).hasMessageContaining("alpaca, sharegpt, trl-sft, trl-dpo");
        assertThatThrownBy(() -> TrainingExport.run(
                        reader, "no-such-experiment", 1, ExportFormat.ALPACA, Writer.nullWriter(), null))
                .hasMessageContaining("no problems");
    }

    /** Pairs per problem, counted independently: its repairs, else min(accepted, rejected as incorrect). */
    private static int expectedPairs(int iteration) {
        int pairs = 0;
        for (String problem : events(Sampled.class).stream()
                .map(Sampled::problemId)
                .distinct()
                .toList()) {
            long repairs = events(Corrected.class).stream()
                    .filter(c -> c.problemId().equals(problem)
                            && c.iteration() == iteration
                            && c.refinedCorrect()
                            && !c.originalCorrect())
                    .count();
            long accepted = accepted(iteration).stream()
                    .filter(a -> a.problemId().equals(problem))
                    .count();
            long incorrect = events(Rejected.class).stream()
                    .filter(r -> r.problemId().equals(problem)
                            && r.iteration() == iteration
                            && r.reasons().get(0).rule() == DecisionRule.INCORRECT)
                    .count();
            pairs += repairs > 0 ? repairs : Math.min(accepted, incorrect);
        }
        return pairs;
    }

    /** Exports to a file and reads it back line by line. */
    private List<JsonNode> export(int iteration, ExportFormat format) throws IOException {
        Path file = dir.resolve(format.key() + "-" + iteration + ".jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            TrainingExport.Summary summary =
                    TrainingExport.run(reader, ScriptedJournal.A, iteration, format, out, null);
            assertThat(summary.problems()).isEqualTo(16);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).isTrue();
            records.add(node);
        }
        return records;
    }

    /**
     * A prompt turn then a completion turn, each of exactly a speaker field ({@code who}) and a text field,
     * spoken by {@code prompter} and {@code completer}.
     */
    private static void assertTwoTurns(JsonNode turns, String who, String text, String prompter, String completer) {
        assertThat(turns).hasSize(2);
        for (JsonNode turn : turns) {
            assertThat(fieldNames(turn)).containsExactly(who, text);
            assertThat(turn.get(text).isTextual()).isTrue();
        }
        assertThat(turns.get(0).get(who).asText()).isEqualTo(prompter);
        assertThat(turns.get(1).get(who).asText()).isEqualTo(completer);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> ids(List<JsonNode> records, String field) {
        List<String> ids = records.stream().map(r -> r.get(field).asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        return Set.copyOf(ids);
    }

    private static List<Accepted> accepted(int iteration) {
        return events(Accepted.class).stream()
                .filter(a -> a.iteration() == iteration)
                .toList();
    }

    private static Set<String> acceptedIds(int iteration) {
        return accepted(iteration).stream().map(Accepted::sampleId).collect(Collectors.toSet());
    }

    private static Sampled sample(String id) {
        return events(Sampled.class).stream()
                .filter(s -> s.sampleId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static <T> List<T> events(Class<T> type) {
        return script.events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
