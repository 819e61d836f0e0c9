package lyceum.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lyceum.grading.Grader;
import lyceum.grading.Verdict;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

class GradingTest {

    @Test
    void aGradeOverItsBudgetIsAVerdictWithTheAnswerReadAndRuleGradeTimeout() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Grading grading = new Grading(Grader.standard(), executor, Duration.ofMillis(50));
            // A symbolic comparison of two huge powers: far more than 50 ms (starting the engine alone is more).
            Verdict verdict = grading.grade("(x+1)^{3000}", "The answer is $(x+2)^{3000}$.")
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertThat(verdict.rule()).isEqualTo("grade-timeout");
            assertThat(verdict.equivalent()).isFalse();
            assertThat(verdict.extracted()).isEqualTo("(x+2)^{3000}");
            assertThat(verdict.graderVersion()).isEqualTo(Grader.VERSION);
            // Within its budget a grade is the grader's own verdict.
            Grading patient = new Grading(Grader.standard(), executor, Duration.ofSeconds(30));
            assertThat(patient.grade("#### 1,250", "so 1250 in all.\n#### 1250")
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS))
                    .isEqualTo(Grader.standard().grade("#### 1,250", "so 1250 in all.\n#### 1250"));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void gradingRunsOnTheConfiguredDispatcherWithTheConfiguredBudget() throws Exception {
        ActorTestKit kit = ActorTestKit.create("grading");
        try {
            Grading grading = Grading.of(kit.system(), Grader.standard());
            assertThat(grading.budget())
                    .isEqualTo(kit.system().settings().config().getDuration("lyceum.grading.budget"));
            String thread = CompletableFuture.supplyAsync(
                            () -> Thread.currentThread().getName(), grading.executor())
                    .get(30, TimeUnit.SECONDS);
            Verdict verdict = grading.grade("#### 7", "3 + 4 = 7\n#### 7")
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(verdict.equivalent()).isTrue();
            assertThat(thread).as("a thread of the grading dispatcher").contains(Grading.DISPATCHER);
        } finally {
            kit.shutdownTestKit();
        }
    }
}
