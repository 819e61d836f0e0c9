package lyceum.experiment.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lyceum.experiment.config.PromptSettings.PromptTemplates;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Example;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Role;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Template;
import lyceum.experiment.config.StrategySettings.StrategyName;

/** Reads the few-shot file and checks {@code experiment.prompts}; every failure names the key (and the file, for few-shot examples). */
final class PromptTemplateLoader {

    /** OpenAI's limit on stop strings, which lyceum serve keeps too. */
    static final int MAX_STOP = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptTemplateLoader() {}

    /**
     * The examples of the few-shot file, each line {"question": ..., "answer": ...}.
     *
     * @param c the {@code experiment} block
     * @param name {@code prompts.few-shot-file}
     * @param folders where a relative file is looked for, in order
     */
    static List<Example> fewShotFile(Config c, String name, List<Path> folders) {
        String key = "prompts.few-shot-file";
        if (name.isBlank()) {
            return List.of();
        }
        Path given = Path.of(name);
        Optional<Path> found = given.isAbsolute()
                ? Optional.of(given).filter(Files::isRegularFile)
                : folders.stream()
                        .map(f -> f.resolve(given))
                        .filter(Files::isRegularFile)
                        .findFirst();
        if (found.isEmpty()) {
            throw ExperimentRules.bad(
                    c,
                    key,
                    "names no file: looked for "
                            + (given.isAbsolute()
                                    ? given
                                    : String.join(
                                            " and ",
                                            folders.stream()
                                                    .map(f -> f.resolve(given).toString())
                                                    .toList())));
        }
        Path file = found.get();
        List<Example> examples = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode example;
                try {
                    example = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw ExperimentRules.bad(
                            c, key, "file " + file + " line " + number + " is not JSON: " + e.getOriginalMessage());
                }
                for (String field : List.of("question", "answer")) {
                    if (!example.path(field).isTextual()) {
                        throw ExperimentRules.bad(
                                c, key, "file " + file + " line " + number + " needs a string \"" + field + "\"");
                    }
                }
                examples.add(new Example(
                        example.get("question").asText(), example.get("answer").asText()));
            }
        } catch (IOException e) {
            throw ExperimentRules.bad(c, key, "cannot read " + file + ": " + e.getMessage());
        }
        if (examples.isEmpty()) {
            throw ExperimentRules.bad(c, key, "file " + file + " holds no examples");
        }
        return examples;
    }

    static void validate(ExperimentConfig e, Config c) {
        PromptTemplates prompts = e.prompts();
        checkStop(c, "prompts.stop", c.getStringList("prompts.stop"));
        for (Role role : Role.values()) {
            String key = "prompts." + role.key() + ".";
            Template template = prompts.template(role);
            for (String name : template.placeholders()) {
                ExperimentRules.require(
                        c,
                        key + "template",
                        role.placeholders().contains(name),
                        "names the placeholder {" + name + "}, which " + role.key() + " does not have; it has "
                                + role.placeholders().stream()
                                        .map(n -> "{" + n + "}")
                                        .toList());
            }
            checkStop(c, key + "stop", template.stop());
            ExperimentRules.require(
                    c,
                    key + "max-tokens",
                    template.maxTokens() >= 0 && template.maxTokens() <= 4096,
                    "must be between 0 (the step's own setting) and 4096");
        }
        String reset = prompts.stateReset().text();
        ExperimentRules.require(
                c,
                "prompts.state-reset.template",
                reset.endsWith("{prefix}")
                        && prompts.stateReset().placeholders().stream()
                                        .filter("prefix"::equals)
                                        .count()
                                == 1,
                "must end with {prefix}, once: generation continues after the reference steps");
        if (prompts.chat()
                && e.strategy().name() == StrategyName.STATE_RESET
                && "openai".equals(e.model().backend())) {
            ExperimentRules.require(
                    c,
                    "prompts.continue-final-message",
                    prompts.continueFinalMessage(),
                    "is false, and a state reset in chat needs a server that continues the assistant's message: "
                            + "use format = completion, or a server that takes continue_final_message (vLLM, lyceum serve)");
        }
    }

    private static void checkStop(Config c, String key, List<String> stop) {
        ExperimentRules.require(
                c,
                key,
                stop.size() <= MAX_STOP && stop.stream().noneMatch(String::isEmpty),
                "must hold at most " + MAX_STOP + " non-empty strings");
    }
}
