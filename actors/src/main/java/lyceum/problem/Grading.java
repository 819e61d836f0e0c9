package lyceum.problem;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import lyceum.grading.Grader;
import lyceum.grading.GraderSettings;
import lyceum.grading.Verdict;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Grading off the problem actors' threads: a symbolic comparison may take seconds, which an actor
 * thread must not spend. Grades run on the node's grading dispatcher ({@code lyceum.grading.dispatcher},
 * a fixed pool of threads) and each has a time budget ({@code lyceum.grading.budget}): a grade still
 * running when it is spent is the verdict {@link Grader#timedOut} (rule "grade-timeout"), and the
 * comparison itself ends within the symbolic engine's own limit.
 */
public record Grading(Grader grader, Executor executor, Duration budget) {

    public static final String DISPATCHER = "lyceum.grading.dispatcher";

    /** The grader on the actor system's grading dispatcher, with the budget of its configuration. */
    public static Grading of(ActorSystem<?> system, Grader grader) {
        return of(system, grader, GradingSettings.fromConfig(system.settings().config()));
    }

    /** The grader on the actor system's grading dispatcher, with the given settings. */
    public static Grading of(ActorSystem<?> system, Grader grader, GradingSettings settings) {
        return new Grading(
                grader, system.dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER)), settings.budget());
    }

    /** The verdict on a response; never fails. */
    public CompletionStage<Verdict> grade(String gold, String response) {
        return grade(grader, gold, response);
    }

    /** The verdict on a response under the problem's grader settings; never fails. */
    public CompletionStage<Verdict> grade(GraderSettings settings, String gold, String response) {
        return grade(settings.equals(grader.settings()) ? grader : Grader.withSettings(settings), gold, response);
    }

    private CompletionStage<Verdict> grade(Grader with, String gold, String response) {
        return CompletableFuture.supplyAsync(() -> with.grade(gold, response), executor)
                .completeOnTimeout(null, budget.toMillis(), TimeUnit.MILLISECONDS)
                .handle((verdict, error) -> verdict != null ? verdict : with.timedOut(gold, response));
    }
}
