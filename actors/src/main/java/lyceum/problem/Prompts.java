package lyceum.problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import lyceum.engine.ChatMessage;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.PromptSettings.PromptTemplates;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Role;
import lyceum.experiment.config.PromptSettings.PromptTemplates.Template;

/**
 * The prompts a problem is sampled with, rendered from an experiment's {@link PromptTemplates}. Training
 * always uses {@link #sample} unless an experiment asks otherwise: a rationale found with a hint is
 * learned as if it had been found without one. Values are inserted stripped of surrounding white space,
 * except a state reset's prefix, which ends in a newline the model continues after.
 */
public final class Prompts {

    /**
     * A rendered prompt. {@code text} is what the in-process engine decodes and whose {@link #hash} a sample
     * journals; {@code messages} the same prompt as chat messages (system, few-shot pairs, the user's, and
     * for a state reset the assistant's start), sent as they are when the experiment's format is chat;
     * {@code maxTokens} 0 means the step's own setting.
     */
    public record Prompt(String text, List<ChatMessage> messages, boolean chat, List<String> stop, int maxTokens) {

        /** The request for this prompt, its max tokens the role's when it sets them. */
        public GenerationRequest request(String requestId, SamplingParams params) {
            SamplingParams own = new SamplingParams(
                    params.temperature(), params.topP(), maxTokens(params.maxTokens()), params.seed());
            return new GenerationRequest(requestId, text, own, chat ? messages : List.of(), stop);
        }

        public int maxTokens(int stepSetting) {
            return maxTokens > 0 ? maxTokens : stepSetting;
        }
    }

    /** The prompts of experiments without a prompts section: those Lyceum has always written. */
    public static final Prompts DEFAULT = new Prompts(PromptTemplates.LEGACY);

    private final PromptTemplates templates;

    private Prompts(PromptTemplates templates) {
        this.templates = templates;
    }

    public static Prompts of(PromptTemplates templates) {
        return templates == null || templates.equals(PromptTemplates.LEGACY) ? DEFAULT : new Prompts(templates);
    }

    public PromptTemplates templates() {
        return templates;
    }

    public Prompt sample(String question) {
        return render(Role.SAMPLE, Map.of("question", question.strip()));
    }

    public Prompt answerHint(String question, String answer) {
        return render(Role.ANSWER_HINT, Map.of("question", question.strip(), "answer", answer.strip()));
    }

    public Prompt rationaleGuide(String question, String rationale) {
        return render(Role.RATIONALE_GUIDE, Map.of("question", question.strip(), "rationale", rationale.strip()));
    }

    /** A state reset: generation continues after the first steps of the reference. */
    public Prompt stateReset(String question, String prefix) {
        return render(Role.STATE_RESET, Map.of("question", question.strip(), "prefix", prefix));
    }

    /** What a critic model answers: the solution to judge and the reference answer ({@link Critique}'s format). */
    public Prompt critique(String question, String referenceAnswer, String solution) {
        return render(
                Role.CRITIQUE,
                Map.of("question", question.strip(), "answer", referenceAnswer.strip(), "solution", solution.strip()));
    }

    /** What a critic model answers at test time: as {@link #critique}, without the reference. */
    public Prompt blindCritique(String question, String solution) {
        return render(Role.BLIND_CRITIQUE, Map.of("question", question.strip(), "solution", solution.strip()));
    }

    /** A reflection on a wrong first trial, under a demand type. */
    public Prompt reflection(String question, String firstTrial, String demand) {
        return render(
                Role.REFLECTION,
                Map.of("question", question.strip(), "solution", firstTrial.strip(), "demand", demand.strip()));
    }

    /**
     * A revision: the question, the earlier answer, the feedback on it under its label ("Teacher",
     * "Critique", "Reflection"), then the revised answer to write.
     */
    public Prompt revise(String question, String earlierAnswer, String label, String feedback) {
        return render(
                Role.REVISION,
                Map.of(
                        "question",
                        question.strip(),
                        "solution",
                        earlierAnswer.strip(),
                        "label",
                        label.strip(),
                        "feedback",
                        feedback.strip()));
    }

    /**
     * The prompt of a sample drawn under {@code hint} (null: the plain one); {@code aboutText} is the text of
     * the sample a feedback hint is about.
     */
    public Prompt underHint(ProblemRegistered problem, Hinted hint, String aboutText) {
        if (hint == null) {
            return sample(problem.question());
        }
        return switch (hint.kind()) {
            case ANSWER -> answerHint(problem.question(), hint.payload());
            case RATIONALE -> rationaleGuide(problem.question(), hint.payload());
            case STATE_RESET_PREFIX -> stateReset(problem.question(), hint.payload());
            case TEACHER_FEEDBACK, CRITIQUE, REFLECTION ->
                revise(problem.question(), aboutText, FeedbackRounds.label(hint.kind()), hint.payload());
        };
    }

    /**
     * The messages of {@code prompt} answered with {@code completion}: what a chat model is trained on.
     * A state reset's open assistant message is not part of a training prompt, so it is not merged.
     */
    public static List<ChatMessage> conversation(Prompt prompt, String completion) {
        List<ChatMessage> messages = new ArrayList<>(prompt.messages());
        messages.add(new ChatMessage(ChatMessage.ASSISTANT, completion));
        return messages;
    }

    private Prompt render(Role role, Map<String, String> values) {
        Template template = templates.template(role);
        List<ChatMessage> messages = new ArrayList<>();
        if (!templates.system().isEmpty()) {
            messages.add(new ChatMessage(ChatMessage.SYSTEM, templates.system()));
        }
        if (role.solving()) {
            for (PromptTemplates.Example example : templates.fewShot()) {
                messages.add(new ChatMessage(
                        ChatMessage.USER,
                        templates
                                .sample()
                                .render(Map.of("question", example.question().strip()))));
                messages.add(new ChatMessage(ChatMessage.ASSISTANT, example.answer()));
            }
        }
        if (role == Role.STATE_RESET) {
            // the template ends with {prefix} (checked when loaded): the rest is the user's, the prefix the assistant's
            // start
            String user = template.text().substring(0, template.text().length() - "{prefix}".length());
            messages.add(new ChatMessage(ChatMessage.USER, new Template(user, List.of(), 0).render(values)));
            messages.add(new ChatMessage(ChatMessage.ASSISTANT, values.get("prefix")));
        } else {
            messages.add(new ChatMessage(ChatMessage.USER, template.render(values)));
        }
        return new Prompt(
                text(messages, templates.chat()),
                List.copyOf(messages),
                templates.chat(),
                template.stop(),
                template.maxTokens());
    }

    /**
     * The text of messages: each content in order, each ending in a newline (one is added when missing) but
     * a last assistant message, which is continued; in completion format the last message is also left as
     * its template wrote it. Chat text is what lyceum serve's chat template renders from the same messages.
     */
    static String text(List<ChatMessage> messages, boolean chat) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            String content = messages.get(i).content();
            text.append(content);
            boolean last = i == messages.size() - 1;
            boolean open = last
                    && (!chat || ChatMessage.ASSISTANT.equals(messages.get(i).role()));
            if (!open && !content.endsWith("\n")) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    // The default templates' text, as the prompts were written before templates existed.

    public static String plain(String question) {
        return DEFAULT.sample(question).text();
    }

    public static String withAnswerHint(String question, String answer) {
        return DEFAULT.answerHint(question, answer).text();
    }

    public static String withRationaleGuide(String question, String rationale) {
        return DEFAULT.rationaleGuide(question, rationale).text();
    }

    public static String withPrefix(String question, String prefix) {
        return DEFAULT.stateReset(question, prefix).text();
    }

    public static String critiqueRequest(String question, String referenceAnswer, String solution) {
        return DEFAULT.critique(question, referenceAnswer, solution).text();
    }

    public static String blindCritiqueRequest(String question, String solution) {
        return DEFAULT.blindCritique(question, solution).text();
    }

    public static String reflectionRequest(String question, String firstTrial, String demand) {
        return DEFAULT.reflection(question, firstTrial, demand).text();
    }

    public static String revision(String question, String earlierAnswer, String label, String feedback) {
        return DEFAULT.revise(question, earlierAnswer, label, feedback).text();
    }

    /**
     * The first {@code steps} reasoning lines of a reference rationale (never its final answer line),
     * each ending in a newline.
     */
    public static String rationalePrefix(String rationale, int steps) {
        List<String> lines = reasoningLines(rationale);
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < Math.min(steps, lines.size()); i++) {
            prefix.append(lines.get(i)).append('\n');
        }
        return prefix.toString();
    }

    /** The reasoning lines of a rationale: its non-blank lines before a final "#### N" line. */
    public static List<String> reasoningLines(String rationale) {
        if (rationale == null) {
            return List.of();
        }
        return rationale
                .strip()
                .lines()
                .filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("####"))
                .toList();
    }

    /**
     * State-reset prefix length for a resample round: cycles 1, 2, ..., steps-1, 1, ... so later rounds
     * start from deeper into the reference; a one-step rationale gets no prefix.
     */
    public static int stateResetSteps(int round, int reasoningSteps) {
        if (reasoningSteps <= 1 || round <= 0) {
            return 0;
        }
        return ((round - 1) % (reasoningSteps - 1)) + 1;
    }

    public static String hash(String prompt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
