package lyceum.events;

import lyceum.events.ProblemEvent.RequestKind;
import lyceum.events.ProblemEvent.SampleFailed;

/**
 * What a problem asked the generation pool for. Requests of many problems share batches, so every key
 * names its experiment and problem. The pool and the workers see only {@link #wire()}, a string;
 * {@link #parse} reads it back, the one place that knows its form:
 *
 * <ul>
 *   <li>a training sample: its {@link SampleId}, {@code experiment~problem~iteration~round~index};
 *   <li>the reference rationale's score: {@code reference~experiment~problem~iteration};
 *   <li>feedback on a sample: {@code feedback~experiment~problem~iteration~round~slot};
 *   <li>an evaluation's greedy answer: {@code eval~experiment~problem~iteration~split}, followed by
 *       {@code ~index} for a sampled answer, {@code ~critique} and {@code ~refine} for critique-then-refine.
 * </ul>
 */
public sealed interface RequestKey {

    String experimentId();

    String problemId();

    int iteration();

    RequestKind kind();

    String wire();

    /**
     * The sampling seed under the experiment's configured seed: a function of that seed and the request's
     * place (its id without the experiment id), so two runs of one configuration draw the same answers. Null
     * (a command from an older node): a function of the whole id.
     */
    default long seed(Long experimentSeed) {
        if (experimentSeed == null) {
            return SampleId.seedOf(wire());
        }
        String wire = wire();
        int at = wire.indexOf(experimentId() + "~");
        String place =
                wire.substring(0, at) + wire.substring(at + experimentId().length() + 1);
        return SampleId.seedOf(experimentSeed + "~" + place);
    }

    /** The event journaled when this request comes back failed. */
    SampleFailed failure(String cause, boolean permanent, String modelVersion);

    /**
     * The failure of {@code key} at its place: the {@code round} and {@code index} of a sampling or
     * feedback round, or round 0 and the sample's index (-1 for the greedy answer) of an evaluation's
     * {@code split}.
     */
    private static SampleFailed failed(
            RequestKey key, int round, int index, String split, String cause, boolean permanent, String model) {
        return new SampleFailed(
                key.experimentId(),
                key.problemId(),
                key.iteration(),
                round,
                index,
                key.wire(),
                cause,
                permanent,
                key.kind(),
                split,
                model);
    }

    String FEEDBACK = "feedback";
    String REFERENCE = "reference";
    String EVAL = "eval";
    String CRITIQUE = "critique";
    String REFINE = "refine";

    static RequestKey parse(String wire) {
        String[] parts = wire.split("~", -1);
        try {
            if (parts[0].equals(FEEDBACK) && parts.length == 6) {
                return new Feedback(
                        parts[1],
                        parts[2],
                        Integer.parseInt(parts[3]),
                        Integer.parseInt(parts[4]),
                        Integer.parseInt(parts[5]));
            }
            if (parts[0].equals(REFERENCE) && parts.length == 4) {
                return new ReferenceScore(parts[1], parts[2], Integer.parseInt(parts[3]));
            }
            if (parts[0].equals(EVAL) && (parts.length == 5 || parts.length == 6)) {
                var of = new EvaluationOf(parts[1], parts[2], Integer.parseInt(parts[3]), parts[4]);
                if (parts.length == 5) {
                    return new GreedyEvaluation(of);
                }
                return switch (parts[5]) {
                    case CRITIQUE -> new Critique(of);
                    case REFINE -> new Refine(of);
                    default -> new SampledEvaluation(of, Integer.parseInt(parts[5]));
                };
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a request id, its numbers do not parse: " + wire, e);
        }
        return new Sample(SampleId.parse(wire));
    }

    /** One problem's evaluation in one iteration on one split, the part evaluation requests share. */
    record EvaluationOf(String experimentId, String problemId, int iteration, String split) {
        public String wire() {
            return EVAL + "~" + experimentId + "~" + problemId + "~" + iteration + "~" + split;
        }
    }

    /** A request of an evaluation. */
    sealed interface Evaluation extends RequestKey {
        EvaluationOf of();

        default String experimentId() {
            return of().experimentId();
        }

        default String problemId() {
            return of().problemId();
        }

        default int iteration() {
            return of().iteration();
        }

        default SampleFailed failure(String cause, boolean permanent, String modelVersion) {
            int index = this instanceof SampledEvaluation s ? s.index() : -1;
            return failed(this, 0, index, of().split(), cause, permanent, modelVersion);
        }
    }

    record Sample(SampleId id) implements RequestKey {
        public String experimentId() {
            return id.experimentId();
        }

        public String problemId() {
            return id.problemId();
        }

        public int iteration() {
            return id.iteration();
        }

        public RequestKind kind() {
            return RequestKind.SAMPLE;
        }

        public String wire() {
            return id.value();
        }

        public long seed(Long experimentSeed) {
            return id.seed(experimentSeed);
        }

        public SampleFailed failure(String cause, boolean permanent, String modelVersion) {
            return failed(this, id.round(), id.index(), null, cause, permanent, modelVersion);
        }
    }

    /**
     * The score of the problem's reference rationale under the iteration's sampling model. Its failure is
     * journaled as a ReferenceScored without a score, never as a SampleFailed: {@link #failure} is only
     * what this interface asks of every key.
     */
    record ReferenceScore(String experimentId, String problemId, int iteration) implements RequestKey {
        public RequestKind kind() {
            return RequestKind.REFERENCE_SCORE;
        }

        public String wire() {
            return REFERENCE + "~" + experimentId + "~" + problemId + "~" + iteration;
        }

        public SampleFailed failure(String cause, boolean permanent, String modelVersion) {
            return failed(this, 0, -1, null, cause, permanent, modelVersion);
        }
    }

    /** Feedback (a critique, a teacher's note, a reflection) for slot {@code slot} of a feedback round. */
    record Feedback(String experimentId, String problemId, int iteration, int round, int slot) implements RequestKey {
        public RequestKind kind() {
            return RequestKind.FEEDBACK;
        }

        public String wire() {
            return FEEDBACK + "~" + experimentId + "~" + problemId + "~" + iteration + "~" + round + "~" + slot;
        }

        public SampleFailed failure(String cause, boolean permanent, String modelVersion) {
            return failed(this, round, slot, null, cause, permanent, modelVersion);
        }
    }

    record GreedyEvaluation(EvaluationOf of) implements Evaluation {
        public RequestKind kind() {
            return RequestKind.GREEDY_EVALUATION;
        }

        public String wire() {
            return of.wire();
        }
    }

    record SampledEvaluation(EvaluationOf of, int index) implements Evaluation {
        public RequestKind kind() {
            return RequestKind.SAMPLED_EVALUATION;
        }

        public String wire() {
            return of.wire() + "~" + index;
        }
    }

    /** The critic's judgement of the greedy answer. */
    record Critique(EvaluationOf of) implements Evaluation {
        public RequestKind kind() {
            return RequestKind.CRITIQUE;
        }

        public String wire() {
            return of.wire() + "~" + CRITIQUE;
        }
    }

    /** The greedy answer refined after the critic flagged it. */
    record Refine(EvaluationOf of) implements Evaluation {
        public RequestKind kind() {
            return RequestKind.REFINE;
        }

        public String wire() {
            return of.wire() + "~" + REFINE;
        }
    }
}
