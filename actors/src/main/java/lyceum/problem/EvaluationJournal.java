package lyceum.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.RequestKind;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.experiment.config.ExperimentConfig;

/**
 * What the journal says about one evaluation (iteration, split) of one problem: the greedy answer, the
 * sampled answers by index, critique-then-refine of the greedy answer, and the requests that failed.
 */
final class EvaluationJournal {
    Evaluated greedy;
    final TreeMap<Integer, EvaluationSampled> samples = new TreeMap<>();
    EvaluationRefined refinement;
    /** By request id. */
    final Map<String, SampleFailed> failures = new LinkedHashMap<>();

    boolean failed(RequestKind kind, int index) {
        return failures.values().stream().anyMatch(f -> f.kind() == kind && f.index() == index);
    }

    boolean greedyFailed() {
        return failed(RequestKind.GREEDY_EVALUATION, -1);
    }

    /** Whether sampled answer {@code index} is in the journal, as an answer or a failure. */
    boolean holdsSample(int index) {
        return samples.containsKey(index) || failed(RequestKind.SAMPLED_EVALUATION, index);
    }

    /** Whether critique-then-refine can no longer happen: no greedy answer to refine, or a failed request. */
    boolean refinementFailed() {
        return greedyFailed() || failed(RequestKind.CRITIQUE, -1) || failed(RequestKind.REFINE, -1);
    }

    /** The server's message of the permanent failure that ended the evaluation, or null. */
    String permanentFailure() {
        return failures.values().stream()
                .filter(SampleFailed::permanent)
                .map(SampleFailed::cause)
                .findFirst()
                .orElse(null);
    }

    /** Every request answered or journaled as failed, or a permanent failure ended the evaluation. */
    boolean complete(ExperimentConfig.Evaluation settings) {
        if (permanentFailure() != null) {
            return true;
        }
        long sampledFailed = failures.values().stream()
                .filter(f -> f.kind() == RequestKind.SAMPLED_EVALUATION)
                .count();
        return (!settings.greedy() || greedy != null || greedyFailed())
                && samples.size() + sampledFailed >= settings.samples()
                && (!settings.refine().enabled() || refinement != null || refinementFailed());
    }

    ProblemActor.EvaluationSummary summary(String problemId, int iteration, String split) {
        return new ProblemActor.EvaluationSummary(
                problemId,
                iteration,
                split,
                greedy != null && greedy.correct(),
                samples.size(),
                (int) samples.values().stream()
                        .filter(EvaluationSampled::correct)
                        .count(),
                refinement != null,
                refinement != null && refinement.flagged(),
                refinement != null && refinement.correctAfter(),
                failures.size(),
                permanentFailure());
    }
}
