package lyceum.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the coordinator counts while it walks a phase's problems, for progress alone: how far a walk got,
 * and how many samples and evaluation answers the read side must hold before an iteration's metrics are
 * stored. Every metric (coverage, accuracy, shares) comes from the problems' own events through
 * {@code lyceum.metrics}, never from these.
 *
 * <p>Journals written before these counts were typed hold string-keyed counters ("problems",
 * "held-out.total", "held-out.bucket.3.correct"); {@link #fromJson} reads both forms, taking from the old
 * one what the typed form keeps.
 *
 * @param problems training problems that answered the sampling phase (the other phases count theirs
 *     per split)
 * @param failed problems that answered no ask of their {@code runtime.max-attempts}, plus the failed
 *     requests problems reported
 * @param samples samples the sampling phase journaled
 * @param splits per split: "train"/"test" when registering, "held-out"/"held-in" when evaluating
 */
public record IterationCounts(long problems, long failed, long samples, Map<String, SplitCounts> splits) {

    public static final IterationCounts NONE = new IterationCounts(0, 0, 0, Map.of());

    public IterationCounts {
        splits = splits == null ? Map.of() : Map.copyOf(splits);
    }

    /**
     * One split's counts.
     *
     * @param problems problems registered in the split
     * @param greedy greedy answers graded
     * @param greedyCorrect of those, correct: the coordinator's own accuracy, journaled with Evaluated
     * @param samples sampled evaluation answers
     * @param refined greedy answers a critic judged (critique-then-refine)
     */
    public record SplitCounts(long problems, long greedy, long greedyCorrect, long samples, long refined) {

        SplitCounts plus(SplitCounts o) {
            return new SplitCounts(
                    problems + o.problems,
                    greedy + o.greedy,
                    greedyCorrect + o.greedyCorrect,
                    samples + o.samples,
                    refined + o.refined);
        }
    }

    public static IterationCounts registered(String split) {
        return new IterationCounts(0, 0, 0, Map.of(split, new SplitCounts(1, 0, 0, 0, 0)));
    }

    public static IterationCounts failedProblem() {
        return new IterationCounts(0, 1, 0, Map.of());
    }

    public static IterationCounts sampled(long samples, long failedRequests) {
        return new IterationCounts(1, failedRequests, samples, Map.of());
    }

    public static IterationCounts evaluated(String split, SplitCounts counts, long failedRequests) {
        return new IterationCounts(0, failedRequests, 0, Map.of(split, counts));
    }

    public IterationCounts plus(IterationCounts o) {
        Map<String, SplitCounts> sum = new TreeMap<>(splits);
        o.splits.forEach((split, c) -> sum.merge(split, c, SplitCounts::plus));
        return new IterationCounts(problems + o.problems, failed + o.failed, samples + o.samples, sum);
    }

    /** Problems per split, as ProblemsRegistered journals them. */
    public Map<String, Integer> problemsPerSplit() {
        Map<String, Integer> perSplit = new TreeMap<>();
        splits.forEach((split, c) -> {
            if (c.problems() > 0) {
                perSplit.put(split, (int) c.problems());
            }
        });
        return perSplit;
    }

    /** Reads the typed form (it always has {@code splits}) or the string-keyed form of older journals. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static IterationCounts fromJson(JsonNode json) {
        if (json.has("splits")) {
            Map<String, SplitCounts> splits = new TreeMap<>();
            json.get("splits").fields().forEachRemaining(e -> {
                JsonNode c = e.getValue();
                splits.put(
                        e.getKey(),
                        new SplitCounts(
                                c.path("problems").asLong(),
                                c.path("greedy").asLong(),
                                c.path("greedyCorrect").asLong(),
                                c.path("samples").asLong(),
                                c.path("refined").asLong()));
            });
            return new IterationCounts(
                    json.path("problems").asLong(),
                    json.path("failed").asLong(),
                    json.path("samples").asLong(),
                    splits);
        }
        Map<String, Long> stringKeyed = new TreeMap<>();
        json.fields()
                .forEachRemaining(e -> stringKeyed.put(e.getKey(), e.getValue().asLong()));
        return fromStringKeyed(stringKeyed);
    }

    /**
     * The counts of string-keyed counters: "problems", "failed" and "samples" as they are, and
     * {@code <split>.problems}, {@code <split>.total}, {@code <split>.correct}, {@code <split>.samples}
     * and {@code <split>.refined} into their split. The other keys (coverage, acceptance, difficulty
     * buckets) were figures the metrics compute from the problems' events, so they are left behind.
     */
    public static IterationCounts fromStringKeyed(Map<String, Long> counters) {
        Map<String, SplitCounts> splits = new TreeMap<>();
        counters.forEach((key, n) -> {
            int dot = key.indexOf('.');
            if (dot < 0 || dot != key.lastIndexOf('.')) {
                return;
            }
            SplitCounts c = switch (key.substring(dot + 1)) {
                case "problems" -> new SplitCounts(n, 0, 0, 0, 0);
                case "total" -> new SplitCounts(0, n, 0, 0, 0);
                case "correct" -> new SplitCounts(0, 0, n, 0, 0);
                case "samples" -> new SplitCounts(0, 0, 0, n, 0);
                case "refined" -> new SplitCounts(0, 0, 0, 0, n);
                default -> null;
            };
            if (c != null) {
                splits.merge(key.substring(0, dot), c, SplitCounts::plus);
            }
        });
        return new IterationCounts(
                counters.getOrDefault("problems", 0L),
                counters.getOrDefault("failed", 0L),
                counters.getOrDefault("samples", 0L),
                splits);
    }
}
