package lyceum.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import lyceum.events.ExperimentEvent;
import lyceum.events.LyceumSerializable;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;
import lyceum.problem.Prompts;
import lyceum.replay.JournalReader;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The replay benchmark's synthetic experiment: each problem registered, then per iteration
 * {@link #SAMPLES} sampled rationales of about 200 characters, their decisions and one greedy
 * evaluation, in the order a problem actor journals them. Deterministic in (experiment id, problem).
 */
final class BenchJournal {

    static final int ITERATIONS = 3;
    static final int SAMPLES = 8;
    static final int QUOTA = 2;
    /** Events per Pekko atomic write (one Cassandra batch), small enough to stay under batch-size warnings. */
    static final int CHUNK = 8;
    /** Problems written at once. */
    static final int WRITERS = 16;

    private static final String[] NAMES = {"Ava", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Ida"};
    private static final String[] ITEMS = {"apples", "marbles", "stamps", "coins", "books", "pens"};

    private BenchJournal() {}

    static int eventsPerProblem() {
        return 1 + ITERATIONS * (2 * SAMPLES + 1);
    }

    /** The experiment events, written last: their presence marks a complete journal. */
    static List<ExperimentEvent> experimentEvents(String experimentId, int problems) {
        List<ExperimentEvent> events = new ArrayList<>();
        events.add(new ExperimentEvent.ExperimentStarted(experimentId, "replay-bench", "{}", "bench", "bench", 0L));
        events.add(new ExperimentEvent.ProblemsRegistered(experimentId, Map.of("train", problems)));
        for (int t = 1; t <= ITERATIONS; t++) {
            events.add(new ExperimentEvent.IterationStarted(experimentId, t, "m" + (t - 1)));
        }
        events.add(new ExperimentEvent.ExperimentFinished(experimentId, "m" + ITERATIONS));
        return events;
    }

    static List<ProblemEvent> problemEvents(String experimentId, int problem) {
        Random random = new Random(SampleId.seedOf(experimentId + "~" + problem));
        String problemId = "p" + problem;
        int bucket = 1 + random.nextInt(5);
        int a = 2 + random.nextInt(40 * bucket);
        int b = 2 + random.nextInt(30 * bucket);
        int answer = a + b;
        String name = NAMES[random.nextInt(NAMES.length)];
        String item = ITEMS[random.nextInt(ITEMS.length)];
        String question = String.format(
                Locale.ROOT,
                "%s has %d %s and gets %d more. How many %s does %s have now?",
                name,
                a,
                item,
                b,
                item,
                name);
        List<ProblemEvent> events = new ArrayList<>(eventsPerProblem());
        events.add(new ProblemRegistered(
                experimentId,
                problemId,
                question,
                Integer.toString(answer),
                a + " + " + b + " = " + answer + "\n#### " + answer,
                bucket + random.nextDouble(),
                bucket,
                "train",
                "bench",
                "generator",
                problem));
        for (int t = 1; t <= ITERATIONS; t++) {
            List<Sampled> samples = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                boolean correct = random.nextDouble() < 0.95 - 0.15 * bucket + 0.05 * t;
                int given = correct ? answer : answer + 1 + random.nextInt(9);
                String text = String.format(
                        Locale.ROOT,
                        "%s starts with %d %s. Then %s gets %d more, so we add them: %d + %d = %d. Counting again to be"
                                + " sure, %d and %d make %d. The answer is %d.",
                        name,
                        a,
                        item,
                        name,
                        b,
                        a,
                        b,
                        given,
                        a,
                        b,
                        given,
                        given);
                String id = new SampleId(experimentId, problemId, t, 0, i).value();
                samples.add(new Sampled(
                        experimentId,
                        problemId,
                        id,
                        t,
                        0,
                        i,
                        "vanilla",
                        null,
                        "m" + (t - 1),
                        "bench-node",
                        0.7,
                        0.95,
                        256,
                        SampleId.seedOf(id),
                        "prompt",
                        text,
                        40 + random.nextInt(20),
                        -0.2 - random.nextDouble(),
                        false,
                        Integer.toString(given),
                        "bench-grader",
                        correct,
                        30 + random.nextInt(50),
                        null));
            }
            events.addAll(samples);
            int kept = 0;
            for (Sampled s : samples) {
                if (s.correct() && kept < QUOTA) {
                    kept++;
                    events.add(new Accepted(
                            experimentId,
                            problemId,
                            s.sampleId(),
                            t,
                            List.of(new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, kept + " of " + QUOTA)),
                            "bench",
                            false,
                            Prompts.plain(question),
                            s.text()));
                } else {
                    DecisionRule rule = s.correct() ? DecisionRule.QUOTA_FULL : DecisionRule.INCORRECT;
                    events.add(new Rejected(
                            experimentId, problemId, s.sampleId(), t, List.of(new DecisionReason(rule, "")), "bench"));
                }
            }
            boolean greedy = random.nextDouble() < 0.9 - 0.12 * bucket + 0.05 * t;
            events.add(new Evaluated(
                    experimentId,
                    problemId,
                    t,
                    "held-in",
                    "greedy",
                    "m" + t,
                    "The answer is " + (greedy ? answer : answer + 1) + ".",
                    Integer.toString(greedy ? answer : answer + 1),
                    "bench-grader",
                    greedy,
                    8,
                    -0.3));
        }
        return events;
    }

    /** Journals every problem (a few at once), then the experiment events. */
    static void write(ActorSystem<?> system, String experimentId, int problems, PrintStream progress) {
        lyceum.replay.Progress tracker =
                new lyceum.replay.Progress("bench journal " + experimentId, problems, progress);
        Duration timeout = Duration.ofMinutes(2);
        await(Source.range(0, problems - 1)
                .mapAsyncUnordered(WRITERS, p -> {
                    List<ProblemEvent> events = problemEvents(experimentId, p);
                    String pid = JournalReader.problemPersistenceId(experimentId, "p" + p);
                    return write(system, pid, "bench-writer-" + p, events, timeout)
                            .thenApply(done -> events.size());
                })
                .runWith(Sink.foreach(tracker::problem), system));
        List<ExperimentEvent> experiment = experimentEvents(experimentId, problems);
        await(write(
                system,
                JournalReader.experimentPersistenceId(experimentId),
                "bench-writer-experiment",
                experiment,
                timeout));
    }

    private static CompletionStage<Done> write(
            ActorSystem<?> system,
            String persistenceId,
            String name,
            List<? extends LyceumSerializable> events,
            Duration timeout) {
        ActorRef<JournalWriter.Write> writer =
                system.systemActorOf(JournalWriter.create(persistenceId), name, Props.empty());
        return AskPattern.ask(
                writer, replyTo -> new JournalWriter.Write(events, CHUNK, replyTo), timeout, system.scheduler());
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("writing the benchmark journal failed: " + e.getMessage(), e);
        }
    }
}
