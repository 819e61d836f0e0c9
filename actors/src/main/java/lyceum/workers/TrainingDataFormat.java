package lyceum.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import lyceum.engine.ChatMessage;
import lyceum.engine.TrainingExample;

/**
 * How an iteration's training set is written (experiment key {@code training.data-format}): in the
 * shape the trainer reads, one JSON object per line, each with the {@code sample_id} it came from
 * (Lyceum's own format says {@code sampleId}). The LLaMA-Factory formats get a directory of their own
 * holding the data file and a {@code dataset_info.json} that names it as dataset {@value #DATASET_NAME},
 * so {@code dataset_dir} is the data file's directory. Every format reads back to the same examples.
 */
public enum TrainingDataFormat {
    /** Lyceum's own: {@code sampleId}, {@code prompt}, {@code completion}; the djl trainer reads only this. */
    LYCEUM("lyceum"),
    /** TRL standard prompt-completion: {@code prompt}, {@code completion}. */
    TRL_PROMPT_COMPLETION("trl-prompt-completion"),
    /** TRL conversational: {@code messages} of a user and an assistant {@code {role, content}}. */
    TRL_CONVERSATIONAL("trl-conversational"),
    /** LLaMA-Factory alpaca: {@code instruction}, {@code input} (empty), {@code output}. */
    ALPACA("alpaca"),
    /** LLaMA-Factory sharegpt: {@code conversations} of {@code {from: human|gpt, value}}. */
    SHAREGPT("sharegpt");

    /** The dataset's name in {@code dataset_info.json}: LLaMA-Factory's {@code dataset}. */
    public static final String DATASET_NAME = "lyceum";

    public static final String DATASET_INFO = "dataset_info.json";
    /** The data file's name inside a LLaMA-Factory format's directory. */
    static final String LLAMA_FACTORY_FILE = "train.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String key;

    TrainingDataFormat(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The format of a key; null (a message or config of an older version) is Lyceum's own. */
    public static TrainingDataFormat of(String key) {
        if (key == null || key.isEmpty()) {
            return LYCEUM;
        }
        return Arrays.stream(values())
                .filter(f -> f.key.equals(key))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("'" + key + "' is not a training data format; one of " + keys()));
    }

    public static String keys() {
        return Arrays.stream(values()).map(TrainingDataFormat::key).collect(Collectors.joining(", "));
    }

    /** Whether a {@code dataset_info.json} lies beside the data file. */
    public boolean llamaFactory() {
        return this == ALPACA || this == SHAREGPT;
    }

    /** The data file of an iteration under the experiment's folder. */
    public Path dataFile(Path experimentDir, int iteration) {
        String name = "iteration-" + iteration + "-train";
        return llamaFactory()
                ? experimentDir.resolve(name).resolve(LLAMA_FACTORY_FILE)
                : experimentDir.resolve(name + ".jsonl");
    }

    /** The experiment's folder of a data file written by {@link #dataFile}. */
    public Path experimentDir(Path dataFile) {
        Path parent = dataFile.toAbsolutePath().getParent();
        return llamaFactory() ? parent.getParent() : parent;
    }

    /** Every file of the set, the data file first: the training-set hash covers them all. */
    public List<Path> files(Path dataFile) {
        return llamaFactory() ? List.of(dataFile, dataFile.resolveSibling(DATASET_INFO)) : List.of(dataFile);
    }

    /**
     * One line of the data file. A chat experiment's example carries its prompt as messages (system,
     * few-shot pairs, the user's): the conversational formats write them as they are, sharegpt with the
     * system prompt in its own field; the other formats write the prompt's text.
     */
    public String line(TrainingExample e) throws IOException {
        ObjectNode record = JSON.createObjectNode();
        List<ChatMessage> prompt =
                e.messages().isEmpty() ? List.of(new ChatMessage(ChatMessage.USER, e.prompt())) : e.messages();
        switch (this) {
            case LYCEUM -> {
                // the record's own fields; messages only where there are some, so a completion experiment's set
                // is written as it always was
                record.put("sampleId", e.sampleId()).put("prompt", e.prompt()).put("completion", e.completion());
                if (!e.messages().isEmpty()) {
                    record.set("messages", JSON.valueToTree(e.messages()));
                }
                return JSON.writeValueAsString(record);
            }
            case TRL_PROMPT_COMPLETION -> record.put("prompt", e.prompt()).put("completion", e.completion());
            case TRL_CONVERSATIONAL -> {
                ArrayNode messages = record.putArray("messages");
                prompt.forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
                messages.addObject().put("role", ChatMessage.ASSISTANT).put("content", e.completion());
            }
            case ALPACA ->
                record.put("instruction", e.prompt()).put("input", "").put("output", e.completion());
            case SHAREGPT -> {
                String system = prompt.stream()
                        .filter(m -> m.role().equals(ChatMessage.SYSTEM))
                        .map(ChatMessage::content)
                        .collect(Collectors.joining("\n"));
                ArrayNode turns = record.putArray("conversations");
                prompt.stream()
                        .filter(m -> !m.role().equals(ChatMessage.SYSTEM))
                        .forEach(m -> turns.addObject()
                                .put("from", m.role().equals(ChatMessage.ASSISTANT) ? "gpt" : "human")
                                .put("value", m.content()));
                turns.addObject().put("from", "gpt").put("value", e.completion());
                if (!system.isEmpty()) {
                    record.put("system", system);
                }
            }
            default -> throw new IllegalStateException(key);
        }
        record.put("sample_id", e.sampleId());
        return JSON.writeValueAsString(record);
    }

    /** An example back from a line of this format; a line that is not in it is an error naming what is missing. */
    public TrainingExample read(String line) throws IOException {
        if (this == LYCEUM) {
            return JSON.readValue(line, TrainingExample.class);
        }
        JsonNode r = JSON.readTree(line);
        String id = text(r, "sample_id");
        return switch (this) {
            case TRL_PROMPT_COMPLETION -> new TrainingExample(id, text(r, "prompt"), text(r, "completion"));
            case ALPACA ->
                new TrainingExample(
                        id,
                        text(r, "input").isEmpty()
                                ? text(r, "instruction")
                                : text(r, "instruction") + "\n" + text(r, "input"),
                        text(r, "output"));
            case TRL_CONVERSATIONAL -> turns(r, id, "messages", "role", "content");
            case SHAREGPT -> turns(r, id, "conversations", "from", "value");
            default -> throw new IllegalStateException(key);
        };
    }

    /** The last turn is the completion; a single turn before it is the prompt's text, more are its messages. */
    private TrainingExample turns(JsonNode r, String id, String field, String role, String content) throws IOException {
        JsonNode turns = r.get(field);
        if (turns == null || !turns.isArray() || turns.size() < 2) {
            throw new IOException(key + " line without at least two " + field + ": " + r);
        }
        List<ChatMessage> prompt = new java.util.ArrayList<>();
        if (r.hasNonNull("system")) {
            prompt.add(new ChatMessage(ChatMessage.SYSTEM, text(r, "system")));
        }
        for (int i = 0; i < turns.size() - 1; i++) {
            String who = text(turns.get(i), role);
            prompt.add(new ChatMessage(
                    who.equals("gpt") ? ChatMessage.ASSISTANT : who.equals("human") ? ChatMessage.USER : who,
                    text(turns.get(i), content)));
        }
        String completion = text(turns.get(turns.size() - 1), content);
        if (prompt.size() == 1 && prompt.get(0).role().equals(ChatMessage.USER)) {
            return new TrainingExample(id, prompt.get(0).content(), completion);
        }
        // the prompt's text as Prompts renders it: each message's content, ending in a newline
        String text = prompt.stream()
                .map(m -> m.content().endsWith("\n") ? m.content() : m.content() + "\n")
                .collect(Collectors.joining());
        return new TrainingExample(id, text, completion, prompt);
    }

    private String text(JsonNode r, String field) throws IOException {
        JsonNode value = r.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException(key + " line without the text field " + field + ": " + r);
        }
        return value.asText();
    }

    /**
     * LLaMA-Factory's description of the data file (its data/README: {@code file_name}, {@code formatting},
     * {@code columns}, and for sharegpt the {@code tags} of the turns), for the directory's
     * {@code dataset_info.json}; empty for the other formats.
     */
    public Optional<String> datasetInfo() throws IOException {
        if (!llamaFactory()) {
            return Optional.empty();
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode dataset = root.putObject(DATASET_NAME);
        dataset.put("file_name", LLAMA_FACTORY_FILE);
        dataset.put("formatting", key);
        ObjectNode columns = dataset.putObject("columns");
        if (this == ALPACA) {
            columns.put("prompt", "instruction").put("query", "input").put("response", "output");
        } else {
            columns.put("messages", "conversations");
            dataset.putObject("tags")
                    .put("role_tag", "from")
                    .put("content_tag", "value")
                    .put("user_tag", "human")
                    .put("assistant_tag", "gpt");
        }
        return Optional.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
