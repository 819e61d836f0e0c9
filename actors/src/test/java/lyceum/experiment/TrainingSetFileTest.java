package lyceum.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lyceum.engine.TrainingExample;
import lyceum.workers.TrainingDataFormat;
import lyceum.workers.TrainingSetHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The set is written in the trainer's format, and its journaled hash covers every file the trainer reads. */
class TrainingSetFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<TrainingExample> EXAMPLES = List.of(
            new TrainingExample("e1~p1~1~0~0", "What is 2 + 3?\n", "2 + 3 = 5\n#### 5"),
            new TrainingExample("e1~p2~1~0~1", "What is 4 * 2?\n", "4 * 2 = 8\n#### 8"));

    @TempDir
    Path data;

    private Path write(TrainingDataFormat format, int iteration) throws Exception {
        try (TrainingSetFile set = TrainingSetFile.open(data, "e1", iteration, format)) {
            set.append(EXAMPLES);
            String hash = set.commit();
            assertThat(hash).isEqualTo(TrainingSetHash.of(format.files(set.path())));
            return set.path();
        }
    }

    @Test
    void alpacaIsWrittenWithADatasetInfoNamingItAndTheHashCoversBoth() throws Exception {
        Path file = write(TrainingDataFormat.ALPACA, 1);
        Path info = file.resolveSibling("dataset_info.json");

        assertThat(file.getParent().getParent())
                .isEqualTo(data.resolve("experiments").resolve("e1"));
        JsonNode dataset = JSON.readTree(info.toFile()).get("lyceum");
        // LLaMA-Factory joins dataset_dir (the file's folder) with file_name
        assertThat(file.getParent().resolve(dataset.get("file_name").asText())).isEqualTo(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(1))
                        .get(dataset.get("columns").get("prompt").asText())
                        .asText())
                .isEqualTo("What is 4 * 2?\n");
        assertThat(Files.list(file.getParent()))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("train.jsonl", "dataset_info.json"); // no .part left

        String journaled = TrainingSetHash.of(TrainingDataFormat.ALPACA.files(file));
        TrainingSetHash.verify(TrainingDataFormat.ALPACA.files(file), journaled);
        // a dataset_info.json edited after the set was journaled changes what LLaMA-Factory reads
        Files.writeString(info, Files.readString(info).replace("\"output\"", "\"instruction\""));
        assertThatThrownBy(() -> TrainingSetHash.verify(TrainingDataFormat.ALPACA.files(file), journaled))
                .isInstanceOf(TrainingSetHash.Mismatch.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void trlSetsLieBesideEachOtherAndLyceumsOwnKeepsItsHash() throws Exception {
        Path trl = write(TrainingDataFormat.TRL_PROMPT_COMPLETION, 2);
        assertThat(trl).isEqualTo(data.resolve("experiments").resolve("e1").resolve("iteration-2-train.jsonl"));
        assertThat(Files.readAllLines(trl))
                .extracting(l -> JSON.readTree(l).get("completion").asText())
                .containsExactly("2 + 3 = 5\n#### 5", "4 * 2 = 8\n#### 8");

        Path own = write(TrainingDataFormat.LYCEUM, 3);
        assertThat(Files.readAllLines(own).get(0)).contains("\"sampleId\":\"e1~p1~1~0~0\"");
        // one file: the hash TrainingStarted has always journaled for it, SHA-256 of its bytes
        String sha256 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(own)), 0, 16);
        assertThat(TrainingSetHash.of(List.of(own))).isEqualTo(sha256);
    }
}
