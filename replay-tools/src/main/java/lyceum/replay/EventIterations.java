package lyceum.replay;

import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;

/** The iteration an event belongs to, for cutting a journal at an iteration. */
final class EventIterations {

    /** Events outside any iteration (registrations, start, finish). */
    static final int NONE = -1;

    private EventIterations() {}

    static int of(Object event) {
        if (event instanceof ProblemEvent.Sampled s) {
            return s.iteration();
        } else if (event instanceof ProblemEvent.Hinted h) {
            return h.iteration();
        } else if (event instanceof ProblemEvent.Resampled r) {
            return r.iteration();
        } else if (event instanceof ProblemEvent.Corrected c) {
            return c.iteration();
        } else if (event instanceof ProblemEvent.Accepted a) {
            return a.iteration();
        } else if (event instanceof ProblemEvent.Rejected r) {
            return r.iteration();
        } else if (event instanceof ProblemEvent.Evaluated e) {
            return e.iteration();
        } else if (event instanceof ProblemEvent.EvaluationSampled e) {
            return e.iteration();
        } else if (event instanceof ProblemEvent.EvaluationRefined e) {
            return e.iteration();
        } else if (event instanceof ProblemEvent.SampleFailed f) {
            return f.iteration();
        } else if (event instanceof ExperimentEvent.IterationStarted s) {
            return s.iteration();
        } else if (event instanceof ExperimentEvent.PhaseProgressed p) {
            return p.iteration();
        } else if (event instanceof ExperimentEvent.SamplingFinished s) {
            return s.iteration();
        } else if (event instanceof ExperimentEvent.TrainingStarted s) {
            return s.iteration();
        } else if (event instanceof ExperimentEvent.ModelTrained m) {
            return m.iteration();
        } else if (event instanceof ExperimentEvent.TrainingSkipped s) {
            return s.iteration();
        } else if (event instanceof ExperimentEvent.Evaluated v) {
            return v.iteration();
        } else if (event instanceof ExperimentEvent.IterationCompleted c) {
            return c.iteration();
        }
        return NONE;
    }

    /** Whether the event happened by the end of iteration {@code asOf} (null: no cut). */
    static boolean within(Object event, Integer asOf) {
        return asOf == null || of(event) <= asOf;
    }
}
