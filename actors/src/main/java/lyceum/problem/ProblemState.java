package lyceum.problem;

import java.util.HashMap;
import java.util.Map;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Resampled;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.RequestKey.EvaluationOf;

/**
 * The state of a {@link ProblemActor}, a class per phase: nothing yet, or a registered problem and its
 * work. Each applies the events of its phase; the actor's event handler picks the state.
 */
public abstract sealed class ProblemState permits ProblemState.Unregistered, ProblemState.Registered {

    /** The problem as registered, or null before registration. */
    public abstract ProblemRegistered problem();

    /** This state after an event of a registered problem was applied (all but the first are). */
    abstract Registered registered();

    /** Before registration. It holds nothing, so the empty state Pekko reuses after a failed write stays empty. */
    public static final class Unregistered extends ProblemState {
        @Override
        public ProblemRegistered problem() {
            return null;
        }

        @Override
        Registered registered() {
            throw new IllegalStateException("the problem is not registered");
        }
    }

    /** A registered problem. Changed in place, and only by {@link #apply}. */
    public static final class Registered extends ProblemState {
        private final ProblemRegistered problem;
        private final Map<Integer, IterationJournal> iterations = new HashMap<>();
        private final Map<EvaluationOf, EvaluationJournal> evaluations = new HashMap<>();

        Registered(ProblemRegistered problem) {
            this.problem = problem;
        }

        @Override
        public ProblemRegistered problem() {
            return problem;
        }

        @Override
        Registered registered() {
            return this;
        }

        IterationJournal iteration(int t) {
            return iterations.computeIfAbsent(t, k -> new IterationJournal());
        }

        Map<Integer, IterationJournal> iterations() {
            return iterations;
        }

        /** An evaluation's journal; an empty one (not kept) when nothing is journaled for it. */
        EvaluationJournal evaluation(EvaluationOf key) {
            EvaluationJournal journal = evaluations.get(key);
            return journal != null ? journal : new EvaluationJournal();
        }

        EvaluationOf evaluationOf(int iteration, String split) {
            return new EvaluationOf(problem.experimentId(), problem.problemId(), iteration, split);
        }

        private EvaluationJournal evaluationJournal(int iteration, String split) {
            return evaluations.computeIfAbsent(evaluationOf(iteration, split), k -> new EvaluationJournal());
        }

        Registered apply(ProblemEvent event) {
            if (event instanceof Sampled e) {
                iteration(e.iteration()).sampled(e);
            } else if (event instanceof Resampled e) {
                iteration(e.iteration()).round = e.round();
            } else if (event instanceof Hinted e) {
                iteration(e.iteration()).hinted(e);
            } else if (event instanceof ReferenceScored e) {
                iteration(e.iteration()).reference = e;
            } else if (event instanceof Accepted e) {
                iteration(e.iteration()).accepted(e);
            } else if (event instanceof Rejected e) {
                iteration(e.iteration()).decided = true;
            } else if (event instanceof Evaluated e) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).greedy = e;
            } else if (event instanceof EvaluationSampled e) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).samples.put(e.index(), e);
            } else if (event instanceof EvaluationRefined e) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).refinement = e;
            } else if (event instanceof SampleFailed e && e.evaluationSplit() != null) {
                evaluationJournal(e.iteration(), e.evaluationSplit()).failures.put(e.sampleId(), e);
            } else if (event instanceof SampleFailed e) {
                iteration(e.iteration()).failed(e);
            }
            // Corrected is journaled with its refined sample, which carries what the state needs;
            // ProblemRegistered comes once, a repeated Register persists nothing.
            return this;
        }
    }
}
