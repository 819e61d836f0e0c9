package lyceum.replay;

import java.io.PrintStream;

/**
 * How to replay an experiment.
 *
 * @param asOfIteration replay only events up to this iteration (null: all)
 * @param regrader re-grade every answer with this grader first (null: keep the journaled verdicts)
 * @param parallelism problems read from the journal at once
 * @param listedChanges how many changed verdicts to list by id (all are counted)
 * @param progress where progress lines go (standard error in the CLI)
 */
public record ReplayOptions(
        Integer asOfIteration, AnswerGrader regrader, int parallelism, int listedChanges, PrintStream progress) {

    public ReplayOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static ReplayOptions defaults(PrintStream progress) {
        return new ReplayOptions(null, null, Replay.DEFAULT_PARALLELISM, 50, progress);
    }

    public ReplayOptions asOf(Integer iteration) {
        return new ReplayOptions(iteration, regrader, parallelism, listedChanges, progress);
    }

    public ReplayOptions regradingWith(AnswerGrader grader) {
        return new ReplayOptions(asOfIteration, grader, parallelism, listedChanges, progress);
    }
}
