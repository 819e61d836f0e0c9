// Stays whole: one problem's records in every export format, from its journal.
package lyceum.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.engine.ChatMessage;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.CorrectionKind;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.problem.Prompts;

/**
 * One problem's training records of one iteration in an {@link ExportFormat}, from its journal alone.
 *
 * <p>SFT formats: one record per Accepted event, with the prompt and completion it was trained on.
 * trl-sft also holds ReflectEvo's D+: for every reflection that turned a wrong first trial into a second
 * one the policy accepted (right, and not a shortcut), the conversation question, first trial, "wrong,
 * reflect", reflection, second trial.
 *
 * <p>DPO pairs, per problem: every Corrected event of the iteration whose original sample was wrong and
 * whose refinement is right gives (chosen = the refinement, rejected = the original), prompted with the
 * plain question. ReflectEvo's D+- adds, per wrong first trial, its reflections that led to an accepted
 * second trial paired with those that led to a wrong one (the i-th with the i-th), prompted with the
 * reflection prompt.
 * A problem with neither instead pairs its accepted samples with its samples rejected as incorrect, the
 * i-th accepted with the i-th rejected in (round, index) order, each sample in at most one pair, prompted
 * with the accepted sample's training prompt.
 *
 * <p>A chat experiment's records hold what its model was sampled with: trl-sft's messages and sharegpt's
 * conversations are the prompt's messages (the system prompt, the few-shot pairs, the user's; sharegpt
 * takes the system prompt in its own {@code system} field) then the completion, and trl-dpo pairs are
 * conversational (prompt messages; chosen and rejected as one assistant message each). A completion
 * experiment's records hold the rendered prompt text, alpaca's in every experiment.
 */
public final class TrainingRecords {

    /** Where a DPO pair came from. */
    public static final String FROM_CORRECTION = "correction";

    public static final String FROM_REJECTION = "accepted-vs-incorrect";
    public static final String FROM_REFLECTIONS = "reflection-right-vs-wrong";
    /** Where an SFT record came from. */
    public static final String FROM_ACCEPTED = "accepted";

    public static final String FROM_REFLECTION = "reflection-wrong-then-right";

    private TrainingRecords() {}

    /** Records of an experiment sampled with the default prompts. */
    public static List<Map<String, Object>> of(List<ProblemEvent> events, int iteration, ExportFormat format) {
        return of(events, iteration, format, Prompts.DEFAULT);
    }

    /** @param prompts the experiment's prompts ({@link JournaledPrompts}) */
    public static List<Map<String, Object>> of(
            List<ProblemEvent> events, int iteration, ExportFormat format, Prompts prompts) {
        return format == ExportFormat.TRL_DPO
                ? preferencePairs(events, iteration, prompts)
                : supervised(events, iteration, format, prompts);
    }

    private static List<Map<String, Object>> supervised(
            List<ProblemEvent> events, int iteration, ExportFormat format, Prompts prompts) {
        List<Map<String, Object>> records = new ArrayList<>();
        Drawn drawn = Drawn.of(events, iteration);
        ProblemRegistered problem = drawn.problem();
        Set<String> kept = acceptedIds(events, iteration);
        boolean chat = prompts.templates().chat();
        for (ProblemEvent event : events) {
            if (format == ExportFormat.TRL_SFT
                    && problem != null
                    && event instanceof Corrected c
                    && c.iteration() == iteration
                    && c.kind() == CorrectionKind.REFLECTION
                    && !c.originalCorrect()
                    && kept.contains(c.refinedSampleId())
                    && drawn.samples().containsKey(c.sampleId())) {
                List<Object> conversation = new ArrayList<>(
                        chat
                                ? messages(prompts.sample(problem.question()).messages())
                                : List.of(record(
                                        "role",
                                        "user",
                                        "content",
                                        prompts.sample(problem.question()).text())));
                conversation.addAll(List.of(
                        record("role", "assistant", "content", drawn.textOf(c.sampleId())),
                        record("role", "user", "content", REFLECT),
                        record("role", "assistant", "content", c.critiqueText()),
                        record("role", "user", "content", REVISE),
                        record("role", "assistant", "content", c.refinedText())));
                records.add(record(
                        "messages",
                        conversation,
                        "sample_id",
                        c.refinedSampleId(),
                        "first_trial_sample_id",
                        c.sampleId(),
                        "record_source",
                        FROM_REFLECTION));
            }
            if (event instanceof Accepted a && a.iteration() == iteration) {
                boolean drawnWith = chat && problem != null && format != ExportFormat.ALPACA;
                records.add(supervised(a, format, drawnWith ? drawn.trainingPrompt(a, prompts) : null));
            }
        }
        return records;
    }

    /**
     * An accepted sample's record: alpaca's from its journaled training prompt and completion, the
     * conversational formats' from the prompt it trains with ({@code chatPrompt}; null: the journaled
     * text as the one user message).
     */
    private static Map<String, Object> supervised(Accepted a, ExportFormat format, Prompts.Prompt chatPrompt) {
        if (format == ExportFormat.ALPACA) {
            return record(
                    "instruction",
                    a.trainingPrompt(),
                    "input",
                    "",
                    "output",
                    a.trainingCompletion(),
                    "sample_id",
                    a.sampleId());
        }
        List<ChatMessage> conversation = chatPrompt != null
                ? Prompts.conversation(chatPrompt, a.trainingCompletion())
                : List.of(
                        new ChatMessage(ChatMessage.USER, a.trainingPrompt()),
                        new ChatMessage(ChatMessage.ASSISTANT, a.trainingCompletion()));
        return switch (format) {
            case SHAREGPT -> sharegpt(conversation, a.sampleId());
            case TRL_SFT ->
                record("messages", messages(conversation), "sample_id", a.sampleId(), "record_source", FROM_ACCEPTED);
            case ALPACA, TRL_DPO -> throw new IllegalStateException("not a conversational format: " + format);
        };
    }

    private static List<Map<String, Object>> preferencePairs(
            List<ProblemEvent> events, int iteration, Prompts prompts) {
        Drawn drawn = Drawn.of(events, iteration);
        List<Accepted> accepted = new ArrayList<>();
        List<Rejected> incorrect = new ArrayList<>();
        List<Corrected> repairs = new ArrayList<>();
        List<Corrected> reflections = new ArrayList<>();
        for (ProblemEvent event : events) {
            if (event instanceof Accepted a && a.iteration() == iteration) {
                accepted.add(a);
            } else if (event instanceof Rejected r
                    && r.iteration() == iteration
                    && r.reasons().stream().anyMatch(reason -> reason.rule() == DecisionRule.INCORRECT)) {
                incorrect.add(r);
            } else if (event instanceof Corrected c && c.iteration() == iteration) {
                if (!c.originalCorrect() && c.refinedCorrect() && c.refinedText() != null) {
                    repairs.add(c);
                }
                if (c.kind() == CorrectionKind.REFLECTION && !c.originalCorrect()) {
                    reflections.add(c);
                }
            }
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        if (drawn.problem() == null) {
            return pairs;
        }
        Set<String> used = new HashSet<>();
        for (Corrected c : repairs) {
            String original = drawn.textOf(c.sampleId());
            if (original != null && used.add(c.refinedSampleId())) {
                pairs.add(pair(
                        prompts.sample(drawn.problem().question()),
                        c.refinedText(),
                        original,
                        c.refinedSampleId(),
                        c.sampleId(),
                        FROM_CORRECTION));
            }
        }
        pairs.addAll(reflectionPairs(drawn, reflections, acceptedIds(events, iteration), prompts));
        if (!pairs.isEmpty()) {
            return pairs;
        }
        // Accepted and Rejected events are journaled in (round, index) order.
        int next = 0;
        for (Accepted a : accepted) {
            while (next < incorrect.size() && drawn.textOf(incorrect.get(next).sampleId()) == null) {
                next++;
            }
            if (next == incorrect.size()) {
                break;
            }
            Rejected r = incorrect.get(next++);
            pairs.add(pair(
                    drawn.trainingPrompt(a, prompts),
                    a.trainingCompletion(),
                    drawn.textOf(r.sampleId()),
                    a.sampleId(),
                    r.sampleId(),
                    FROM_REJECTION));
        }
        return pairs;
    }

    /** D+-: per wrong first trial, a reflection that led to a right second trial against one that did not. */
    private static List<Map<String, Object>> reflectionPairs(
            Drawn drawn, List<Corrected> reflections, Set<String> kept, Prompts prompts) {
        Map<String, List<Corrected>> right = new LinkedHashMap<>();
        Map<String, List<Corrected>> wrong = new LinkedHashMap<>();
        for (Corrected c : reflections) {
            if (kept.contains(c.refinedSampleId())) {
                right.computeIfAbsent(c.sampleId(), k -> new ArrayList<>()).add(c);
            } else if (!c.refinedCorrect()) {
                wrong.computeIfAbsent(c.sampleId(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        right.forEach((firstTrial, led) -> {
            List<Corrected> failed = wrong.getOrDefault(firstTrial, List.of());
            String text = drawn.textOf(firstTrial);
            for (int i = 0; text != null && i < Math.min(led.size(), failed.size()); i++) {
                pairs.add(pair(
                        reflectionPrompt(prompts, drawn.problem().question(), text),
                        led.get(i).critiqueText(),
                        failed.get(i).critiqueText(),
                        led.get(i).refinedSampleId(),
                        failed.get(i).refinedSampleId(),
                        FROM_REFLECTIONS));
            }
        });
        return pairs;
    }

    /** The problem, and the samples and hints of the iteration, by id. */
    private record Drawn(ProblemRegistered problem, Map<String, Sampled> samples, Map<String, Hinted> hints) {

        static Drawn of(List<ProblemEvent> events, int iteration) {
            ProblemRegistered problem = null;
            Map<String, Sampled> samples = new HashMap<>();
            Map<String, Hinted> hints = new HashMap<>();
            for (ProblemEvent event : events) {
                if (event instanceof ProblemRegistered r) {
                    problem = r;
                } else if (event instanceof Sampled s && s.iteration() == iteration) {
                    samples.put(s.sampleId(), s);
                } else if (event instanceof Hinted h && h.iteration() == iteration) {
                    hints.put(h.hintId(), h);
                }
            }
            return new Drawn(problem, samples, hints);
        }

        String textOf(String sampleId) {
            Sampled s = samples.get(sampleId);
            return s == null ? null : s.text();
        }

        /**
         * The prompt an accepted sample trains with, as messages: the plain one, or the one it was drawn
         * with when the experiment trains on that (its text is the journaled training prompt either way).
         */
        Prompts.Prompt trainingPrompt(Accepted a, Prompts prompts) {
            Prompts.Prompt plain = prompts.sample(problem.question());
            if (!plain.chat()) {
                return new Prompts.Prompt(a.trainingPrompt(), List.of(), false, plain.stop(), plain.maxTokens());
            }
            Sampled s = samples.get(a.sampleId());
            Hinted hint = s == null || s.hintId() == null ? null : hints.get(s.hintId());
            if (a.trainingPrompt().equals(plain.text()) || hint == null) {
                return plain;
            }
            Prompts.Prompt drawn = prompts.underHint(problem, hint, textOf(hint.aboutSampleId()));
            return drawn.text().equals(a.trainingPrompt()) ? drawn : plain;
        }
    }

    private static List<Object> messages(List<ChatMessage> messages) {
        List<Object> out = new ArrayList<>();
        messages.forEach(m -> out.add(record("role", m.role(), "content", m.content())));
        return out;
    }

    /** LLaMA-Factory's sharegpt: the system prompt in its own field, then human and gpt turns. */
    private static Map<String, Object> sharegpt(List<ChatMessage> conversation, String sampleId) {
        List<Object> turns = new ArrayList<>();
        String system = null;
        for (ChatMessage m : conversation) {
            if (ChatMessage.SYSTEM.equals(m.role())) {
                system = m.content();
            } else {
                turns.add(record("from", ChatMessage.USER.equals(m.role()) ? "human" : "gpt", "value", m.content()));
            }
        }
        return system == null
                ? record("conversations", turns, "sample_id", sampleId)
                : record("conversations", turns, "system", system, "sample_id", sampleId);
    }

    private static Set<String> acceptedIds(List<ProblemEvent> events, int iteration) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> {
            if (e instanceof Accepted a && a.iteration() == iteration) {
                ids.add(a.sampleId());
            }
        });
        return ids;
    }

    /**
     * What a reflection is trained to answer: the question, the wrong first trial, and the request to
     * reflect; in chat, the sample prompt's messages, the first trial as the assistant's and the request.
     */
    static Prompts.Prompt reflectionPrompt(Prompts prompts, String question, String firstTrial) {
        Prompts.Prompt plain = prompts.sample(question);
        String text = plain.text() + "Answer:\n" + firstTrial.strip() + "\n" + REFLECT + "\nReflection:\n";
        List<ChatMessage> messages = new ArrayList<>(plain.messages());
        messages.add(new ChatMessage(ChatMessage.ASSISTANT, firstTrial));
        messages.add(new ChatMessage(ChatMessage.USER, REFLECT));
        return new Prompts.Prompt(text, messages, plain.chat(), plain.stop(), plain.maxTokens());
    }

    private static final String REFLECT = "The answer is wrong. Reflect on it.";
    private static final String REVISE = "Revised answer:";

    /** TRL's standard preference record, or its conversational form for a chat prompt. */
    private static Map<String, Object> pair(
            Prompts.Prompt prompt, String chosen, String rejected, String chosenId, String rejectedId, String source) {
        return record(
                "prompt",
                prompt.chat() ? messages(prompt.messages()) : prompt.text(),
                "chosen",
                reply(prompt, chosen),
                "rejected",
                reply(prompt, rejected),
                "chosen_sample_id",
                chosenId,
                "rejected_sample_id",
                rejectedId,
                "pair_source",
                source);
    }

    /** A pair's side: one assistant message after a chat prompt, else the text. */
    private static Object reply(Prompts.Prompt prompt, String text) {
        return prompt.chat() ? List.of(record("role", ChatMessage.ASSISTANT, "content", text)) : text;
    }

    /** An ordered JSON object from alternating keys and values. */
    private static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
