package lyceum.problem;

import java.util.Map;
import lyceum.events.ProblemEvent;
import lyceum.events.RequestKey;
import lyceum.grading.GraderSettings;
import lyceum.grading.Verdict;
import lyceum.problem.ProblemActor.Command;
import lyceum.problem.ProblemActor.GenerationReply;
import lyceum.problem.ProblemActor.GradeDone;
import lyceum.problem.ProblemState.Registered;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * Generation answers: grades those that need a verdict, off the actor's thread and in order of arrival,
 * and hands each to the handler of what was asked. The one place a request's wire id is read.
 *
 * <p>{@code gradingQueue}: answers being graded, by request id in order of arrival; each goes on, with its
 * verdict, once it and every answer before it are graded, so they are handled (and journaled) in the order
 * they arrived. A repeated answer to a request in here is dropped: the first one counts.
 */
record AnswerRouting(
        ActorContext<Command> context,
        String entityId,
        Grading grading,
        ProblemActor.Wiring wiring,
        SamplingRounds sampling,
        Evaluations evaluations,
        GreedyRefinement refinement,
        Map<String, GenerationReply> gradingQueue) {

    /** Routes a generation answer by what was asked. */
    Effect<ProblemEvent, ProblemState> onGenerationReply(Registered state, GenerationReply wrapped) {
        if (wrapped.reply() instanceof GenerationPool.GenerationFailed failed) {
            context.getLog()
                    .warn(
                            "{}: generation {} failed{}: {}",
                            entityId,
                            failed.requestId(),
                            failed.permanent() ? " permanently" : "",
                            failed.reason());
            RequestKey key = RequestKey.parse(failed.requestId());
            return key instanceof RequestKey.Evaluation e
                    ? evaluations.onFailed(state, e, failed)
                    : key instanceof RequestKey.ReferenceScore r
                            ? sampling.reference().onFailed(state, r, failed)
                            : sampling.onFailed(state, key, failed);
        }
        GenerationPool.Generated generated = (GenerationPool.Generated) wrapped.reply();
        RequestKey key = RequestKey.parse(generated.generation().requestId());
        if (key instanceof RequestKey.ReferenceScore r) {
            return sampling.reference().onScored(state, r, generated.generation());
        } else if (key instanceof RequestKey.Feedback f) {
            return sampling.onFeedbackGenerated(state, f, generated.generation());
        } else if (key instanceof RequestKey.Critique c) {
            return refinement.onCritique(state, c, generated.generation());
        }
        Verdict verdict = wrapped.verdict();
        if (verdict == null) {
            if (gradingQueue.putIfAbsent(generated.generation().requestId(), wrapped) != null) {
                return wiring.effects().none(); // the first answer to this request is being graded, and counts
            }
            // Graded on the grading dispatcher, off this actor's thread; the answer goes on when graded.
            String text = key instanceof RequestKey.Sample s
                    ? SampleEvents.text(state.iteration(s.id().iteration()), s.id(), generated.generation())
                    : generated.generation().text();
            context.pipeToSelf(
                    grading.grade(
                            GraderSettings.fromMap(state.problem().graderSettings()),
                            state.problem().referenceAnswer(),
                            text),
                    (graded, error) -> new GradeDone(generated, graded));
            return wiring.effects().none();
        }
        if (key instanceof RequestKey.Sample s) {
            return sampling.onSampleGenerated(state, s.id(), generated, verdict);
        } else if (key instanceof RequestKey.Refine r) {
            return refinement.onRefined(state, r, generated.generation(), verdict);
        }
        return evaluations.onGenerated((RequestKey.Evaluation) key, generated, verdict);
    }

    /** Sends on, in order of arrival, every graded answer that no ungraded one arrived before. */
    Effect<ProblemEvent, ProblemState> onGradeDone(Registered state, GradeDone done) {
        String requestId = done.generated().generation().requestId();
        if (!gradingQueue.containsKey(requestId)) {
            // asked before this actor restarted: nothing arrived before it here
            wiring.tellSelf(new GenerationReply(done.generated(), done.verdict()));
            return wiring.effects().none();
        }
        gradingQueue.put(requestId, new GenerationReply(done.generated(), done.verdict()));
        var answers = gradingQueue.values().iterator();
        while (answers.hasNext()) {
            GenerationReply next = answers.next();
            if (next.verdict() == null) {
                break;
            }
            answers.remove();
            wiring.tellSelf(next);
        }
        return wiring.effects().none();
    }
}
