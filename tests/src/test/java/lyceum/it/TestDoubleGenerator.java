package lyceum.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;
import lyceum.events.SampleId;

/**
 * A generation engine for synthetic arithmetic problems. It solves the question on the prompt's first
 * line and answers right or wrong by a draw that is a pure function of the model version, the prompt
 * and, for a sample (or a sampled evaluation answer), its id without the experiment: two experiments
 * of the same config get the same answers, a repeated request gets the same text, and a test can
 * recompute the answer to any prompt with {@link #answer}. Deep problems are answered right less often
 * than shallow ones; a state-reset prompt, which carries the first reference steps after the question,
 * more often. A right answer is written in one of three styles, so some correct samples of a problem
 * duplicate each other. Every batch takes {@code latency}.
 *
 * <p>It also plays the feedback roles: asked for a critique ("Critique:" ends the prompt) it judges the
 * last step of the answer in the prompt, in the critique format, or now and then writes something
 * unparseable; asked for a reflection it writes one; asked for a revision ("Revised answer:") it solves
 * the question again ("Looking again:"), right more often, and now and then copies the answer without any step
 * (a shortcut).
 */
final class TestDoubleGenerator implements Generator {

    private final Duration latency;
    private final List<String> unreadable = new CopyOnWriteArrayList<>();

    TestDoubleGenerator(Duration latency) {
        this.latency = latency;
    }

    @Override
    public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) throws Exception {
        Thread.sleep(latency.toMillis());
        List<Generation> out = new ArrayList<>(batch.size());
        for (GenerationRequest request : batch) {
            // asked to score a text (a reference rationale), it answers with that text and a drawn log-prob
            String text = request.scores() ? request.scoreText() : answer(modelVersion, request);
            double draw = unit(SampleId.seedOf("logprob|" + modelVersion + "|" + identity(request)));
            out.add(new Generation(
                    request.requestId(), text, text.split("\\s+").length, -0.05 - draw, false, latency.toMillis()));
        }
        return out;
    }

    String answer(String modelVersion, GenerationRequest request) {
        List<String> lines = request.prompt().lines().toList();
        SyntheticQuestion question = SyntheticQuestion.read(lines.get(0)).orElse(null);
        if (question == null) {
            unreadable.add(lines.get(0));
            return "I cannot read this question.";
        }
        long h = SampleId.seedOf(modelVersion + "|" + identity(request));
        String prompt = request.prompt();
        if (prompt.endsWith("Critique:\n")) {
            return critique(question, lines, h);
        }
        if (prompt.endsWith("Reflection:\n")) {
            return "The last step of my answer is off; I must redo "
                    + question.steps().get(question.steps().size() - 1).line().replaceAll(" = .*", "")
                    + (unit(h) < 0.5 ? " carefully." : " and check it.");
        }
        boolean revision = prompt.endsWith("Revised answer:\n");
        int given = revision
                ? 0
                : (int) lines.stream().skip(1).filter(l -> !l.isBlank()).count();
        double chance = Math.max(0.1, 0.95 - 0.2 * (question.steps().size() - 1)) + (given > 0 || revision ? 0.3 : 0.0);
        boolean right = unit(h) < chance;
        if (revision && right && Math.floorMod(h >>> 29, 4L) == 0) {
            return "#### " + question.answer();
        }
        int style = (int) Math.floorMod(h >>> 7, 3L);
        long delta = 1 + Math.floorMod(h >>> 17, 3L);
        StringBuilder text = new StringBuilder(revision ? "Looking again:\n" : "");
        List<SyntheticQuestion.Step> steps = question.steps();
        for (int i = Math.min(given, steps.size()); i < steps.size(); i++) {
            SyntheticQuestion.Step step = steps.get(i);
            String line = step.line();
            if (!right && i == steps.size() - 1) {
                line = step.left() + " " + step.op() + " " + step.right() + " = " + (step.result() + delta);
            }
            text.append(
                            switch (style) {
                                case 0 -> line;
                                case 1 -> "Then " + line + ".";
                                default -> "Step " + (i + 1) + ": " + line;
                            })
                    .append('\n');
        }
        text.append("#### ").append(right ? question.answer() : question.answer() + delta);
        return text.toString();
    }

    /** Judges the last step of the answer in a critique prompt, or (one time in five) rambles. */
    private static String critique(SyntheticQuestion question, List<String> lines, long h) {
        if (Math.floorMod(h >>> 3, 5L) == 0) {
            return "Numbers everywhere, hard to say.";
        }
        int start = lines.indexOf("Answer:") + 1;
        String last = "";
        for (int i = start; i < lines.size() && !lines.get(i).startsWith("Reference answer:"); i++) {
            if (!lines.get(i).startsWith("####")) {
                last = lines.get(i);
            }
        }
        SyntheticQuestion.Step expected = question.steps().get(question.steps().size() - 1);
        boolean right = last.endsWith(expected.line()) || last.endsWith(expected.line() + ".");
        return "Step " + question.steps().size() + ": "
                + (right ? "correct" : "wrong - it should be " + expected.line()) + "\nVerdict: "
                + (right ? "correct" : "wrong");
    }

    /**
     * What a request is, without the experiment it belongs to: for a sample, its problem, iteration, round
     * and index and the prompt; for a greedy request (an evaluation) the prompt alone, so the same model
     * answers the same question the same way.
     */
    private static String identity(GenerationRequest request) {
        if (request.params().isGreedy()) {
            return "greedy|" + request.prompt();
        }
        if (request.requestId().startsWith("feedback~") || request.requestId().startsWith("eval~")) {
            // feedback~experiment~problem~iteration~round~slot, eval~experiment~problem~iteration~split~index
            String kind = request.requestId().substring(0, request.requestId().indexOf('~') + 1);
            return request.requestId().substring(request.requestId().indexOf('~', kind.length()) + 1) + "|"
                    + request.prompt();
        }
        SampleId sample = SampleId.parse(request.requestId());
        return sample.problemId() + "~" + sample.iteration() + "~" + sample.round() + "~" + sample.index() + "|"
                + request.prompt();
    }

    /** Uniform in [0, 1) from the top 53 bits. */
    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    List<String> unreadableQuestions() {
        return List.copyOf(unreadable);
    }

    @Override
    public int preferredBatchSize() {
        return 3;
    }

    @Override
    public String device() {
        return "test-double";
    }
}
