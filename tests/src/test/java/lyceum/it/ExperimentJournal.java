package lyceum.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.IterationCounts;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.ExperimentActor;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.journal.MetricsFromEvents;
import lyceum.replay.JournalReader;
import org.apache.pekko.stream.javadsl.Sink;

/** Everything the journal holds about one experiment: its own events and those of each of its problems. */
record ExperimentJournal(
        String experimentId, List<ExperimentEvent> experiment, Map<String, List<ProblemEvent>> problems) {

    static ExperimentJournal read(JournalReader reader, String experimentId) {
        List<ExperimentEvent> experiment = reader.experimentEvents(experimentId);
        List<String> persistenceIds =
                reader.await(reader.problemPersistenceIds(experimentId).runWith(Sink.seq(), reader.system()));
        String prefix = "Problem|" + experimentId + "|";
        Map<String, List<ProblemEvent>> problems = new TreeMap<>();
        for (String persistenceId : persistenceIds) {
            problems.put(
                    persistenceId.substring(prefix.length()),
                    reader.await(reader.problemEvents(persistenceId).runWith(Sink.seq(), reader.system())));
        }
        return new ExperimentJournal(experimentId, experiment, problems);
    }

    /** Reads the journal until the experiment has finished; fails on ExperimentFailed or the timeout. */
    static ExperimentJournal awaitEnd(JournalReader reader, String experimentId, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ExperimentEvent> events = List.of();
        while (System.nanoTime() < deadline) {
            events = reader.experimentEvents(experimentId);
            for (ExperimentEvent e : events) {
                if (e instanceof ExperimentFailed failed) {
                    fail("experiment %s failed: %s", experimentId, failed.reason());
                }
            }
            if (!events.isEmpty() && events.get(events.size() - 1) instanceof ExperimentFinished) {
                return read(reader, experimentId);
            }
            Thread.sleep(300);
        }
        return fail(
                "experiment %s did not finish within %s; journal summary %s",
                experimentId, timeout, ExperimentActor.Status.fromJournal(experimentId, events));
    }

    <T extends ExperimentEvent> List<T> experimentEvents(Class<T> type) {
        return experiment.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends ProblemEvent> Stream<T> problemEvents(Class<T> type) {
        return problems.values().stream()
                .flatMap(List::stream)
                .filter(type::isInstance)
                .map(type::cast);
    }

    <T extends ProblemEvent> List<T> problemEvents(String problemId, Class<T> type) {
        return problems.getOrDefault(problemId, List.of()).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** The sampling counts of iteration t as the problems' journals tell them (as SamplingFinished counts them). */
    IterationCounts samplingCounters(int t) {
        long problemsSampled = 0;
        long samples = 0;
        for (List<ProblemEvent> events : problems.values()) {
            long sampled = events.stream()
                    .filter(e -> e instanceof Sampled s && s.iteration() == t)
                    .count();
            if (sampled > 0) {
                problemsSampled++;
                samples += sampled;
            }
        }
        return new IterationCounts(problemsSampled, 0, samples, Map.of());
    }

    /**
     * Every sample and decision without the experiment's name: (problem, iteration, round, index) with
     * the text, the verdict and the rule that decided it.
     */
    Map<String, String> sampleOutcomes() {
        Map<String, String> rules = new HashMap<>();
        problemEvents(Accepted.class)
                .forEach(a -> rules.put(a.sampleId(), a.reasons().get(0).rule().name()));
        problemEvents(Rejected.class)
                .forEach(r -> rules.put(r.sampleId(), r.reasons().get(0).rule().name()));
        Map<String, String> outcomes = new TreeMap<>();
        problemEvents(Sampled.class)
                .forEach(s -> outcomes.put(
                        s.problemId() + "~" + s.iteration() + "~" + s.round() + "~" + s.index(),
                        s.correct() + " " + rules.get(s.sampleId()) + " " + s.text()));
        return outcomes;
    }

    /** The model each iteration trained (its one ModelTrained), by iteration. */
    Map<Integer, String> trainedModels() {
        Map<Integer, String> models = new TreeMap<>();
        experimentEvents(ModelTrained.class)
                .forEach(m -> assertThat(models.put(m.iteration(), m.modelVersion()))
                        .as("one ModelTrained per iteration of %s: %s", experimentId, m)
                        .isNull());
        return models;
    }

    /** Every iteration's metrics as replay computes them from these events. */
    List<IterationMetrics> metrics() {
        List<Object> events = new ArrayList<>(experiment);
        problems.values().forEach(events::addAll);
        return MetricsFromEvents.compute(experimentId, events);
    }

    /**
     * What every run must show, however it was interrupted: one Sampled per (problem, iteration, round,
     * index) and one decision per sample.
     */
    void assertEachSampleOnceAndDecidedOnce() {
        List<Sampled> sampled = problemEvents(Sampled.class).toList();
        assertThat(sampled.stream()
                        .collect(Collectors.groupingBy(
                                s -> s.problemId() + "~" + s.iteration() + "~" + s.round() + "~" + s.index(),
                                Collectors.counting())))
                .as("Sampled events per (problem, iteration, round, index) of %s", experimentId)
                .isNotEmpty()
                .allSatisfy((position, count) -> assertThat(count).as(position).isEqualTo(1L));
        Map<String, Long> decisions = Stream.concat(
                        problemEvents(Accepted.class).map(Accepted::sampleId),
                        problemEvents(Rejected.class).map(Rejected::sampleId))
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        assertThat(decisions.keySet())
                .as("decided samples of %s", experimentId)
                .containsExactlyInAnyOrderElementsOf(
                        sampled.stream().map(Sampled::sampleId).toList());
        assertThat(decisions.values())
                .as("decisions per sample of %s", experimentId)
                .containsOnly(1L);
    }
}
