package lyceum.experiment.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lyceum.engine.OpenAiEndpoint;

/**
 * The prompt of every role ({@code experiment.prompts}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.PromptTemplates} and so on.
 */
public interface PromptSettings {

    /**
     * The prompts of every role, as {@code experiment.prompts} describes them: a template per role with
     * named placeholders, its stop strings and max tokens (0: the step's own setting, strategy.max-tokens
     * or evaluation.max-tokens), a system prompt and few-shot examples (read from their file when the
     * experiment was loaded, so the journal holds them), and the format. A completion prompt is its
     * messages' contents in order, each ending in a newline (one is added when missing), a last assistant
     * message left open: the same text a chat server with Lyceum's own template renders.
     *
     * @param continueFinalMessage chat: the server continues a last assistant message (vLLM's
     *     {@code continue_final_message}); state reset in chat needs it
     */
    public record PromptTemplates(
            OpenAiEndpoint.Format format,
            String system,
            List<Example> fewShot,
            boolean continueFinalMessage,
            Template sample,
            Template answerHint,
            Template rationaleGuide,
            Template stateReset,
            Template critique,
            Template blindCritique,
            Template reflection,
            Template revision) {

        /** A worked example shown before a solving prompt: the question and the answer to it. */
        public record Example(String question, String answer) {}

        /** One role's template, the strings that end its generation and its max tokens (0: the step's). */
        public record Template(String text, List<String> stop, int maxTokens) {
            public Template {
                stop = stop == null ? List.of() : List.copyOf(stop);
            }

            static Template of(String text) {
                return new Template(text, List.of(), 0);
            }

            /**
             * The text with each {@code {name}} replaced by its value ({@code {{} and {@code }}} write a brace).
             *
             * @throws IllegalArgumentException naming a placeholder that has no value
             */
            public String render(Map<String, String> values) {
                StringBuilder out = new StringBuilder();
                walk(text, literal -> out.append(literal), name -> {
                    String value = values.get(name);
                    if (value == null) {
                        throw new IllegalArgumentException("unknown placeholder {" + name + "}");
                    }
                    out.append(value);
                });
                return out.toString();
            }

            /** The placeholders the text names, in order. */
            public List<String> placeholders() {
                List<String> names = new ArrayList<>();
                walk(text, literal -> {}, names::add);
                return names;
            }

            private static final Pattern PART = Pattern.compile("\\{\\{|\\}\\}|\\{([A-Za-z_][A-Za-z0-9_-]*)\\}");

            private static void walk(String text, Consumer<String> literal, Consumer<String> placeholder) {
                Matcher m = PART.matcher(text);
                int from = 0;
                while (m.find()) {
                    literal.accept(text.substring(from, m.start()));
                    if (m.group(1) != null) {
                        placeholder.accept(m.group(1));
                    } else {
                        literal.accept(m.group().substring(0, 1));
                    }
                    from = m.end();
                }
                literal.accept(text.substring(from));
            }
        }

        /** The roles, their config keys and the placeholders each may use. */
        public enum Role {
            SAMPLE(true, "question"),
            ANSWER_HINT(true, "question", "answer"),
            RATIONALE_GUIDE(true, "question", "rationale"),
            STATE_RESET(true, "question", "prefix"),
            CRITIQUE(false, "question", "solution", "answer"),
            BLIND_CRITIQUE(false, "question", "solution"),
            REFLECTION(false, "question", "solution", "demand"),
            REVISION(true, "question", "solution", "feedback", "label");

            private final boolean solving;
            private final List<String> placeholders;

            Role(boolean solving, String... placeholders) {
                this.solving = solving;
                this.placeholders = List.of(placeholders);
            }

            /** Its name in an experiment file. */
            public String key() {
                return KebabCase.of(this);
            }

            /** Whether the model answers the question itself under this role, so few-shot examples precede it. */
            public boolean solving() {
                return solving;
            }

            public List<String> placeholders() {
                return placeholders;
            }
        }

        private static final String CRITIQUE_FORMAT =
                "\nJudge each step with a line \"Step k: correct - why\" or \"Step k: wrong - why\", then a last line"
                        + " \"Verdict: correct\" or \"Verdict: wrong\".\nCritique:\n";

        /** The prompts Lyceum wrote before they were configurable; experiment-defaults.conf holds the same. */
        public static final PromptTemplates LEGACY = new PromptTemplates(
                OpenAiEndpoint.Format.COMPLETION,
                "",
                List.of(),
                true,
                Template.of("{question}\n"),
                Template.of("{question}\nHint: the answer is {answer}.\n"),
                Template.of("{question}\nGuide:\n{rationale}\nSolution:\n"),
                Template.of("{question}\n{prefix}"),
                Template.of("{question}\nAnswer:\n{solution}\nReference answer: {answer}" + CRITIQUE_FORMAT),
                Template.of("{question}\nAnswer:\n{solution}" + CRITIQUE_FORMAT),
                Template.of("{question}\nAnswer:\n{solution}\nThe answer is wrong. {demand}\nReflection:\n"),
                Template.of("{question}\nAnswer:\n{solution}\n{label}:\n{feedback}\nRevised answer:\n"));

        public PromptTemplates {
            format = format == null ? OpenAiEndpoint.Format.COMPLETION : format;
            system = system == null ? "" : system;
            fewShot = fewShot == null ? List.of() : List.copyOf(fewShot);
        }

        public Template template(Role role) {
            return switch (role) {
                case SAMPLE -> sample;
                case ANSWER_HINT -> answerHint;
                case RATIONALE_GUIDE -> rationaleGuide;
                case STATE_RESET -> stateReset;
                case CRITIQUE -> critique;
                case BLIND_CRITIQUE -> blindCritique;
                case REFLECTION -> reflection;
                case REVISION -> revision;
            };
        }

        public boolean chat() {
            return format == OpenAiEndpoint.Format.CHAT;
        }
    }
}
