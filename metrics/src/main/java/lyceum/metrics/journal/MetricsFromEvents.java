package lyceum.metrics.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.EvaluationRefined;
import lyceum.events.ProblemEvent.EvaluationSampled;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.CorrectionOutcome;
import lyceum.metrics.IterationMetrics;
import lyceum.metrics.PassCounts;
import lyceum.metrics.ProblemSummary;
import lyceum.metrics.RefinementOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes an experiment's metrics from its events alone, independently of the read side: replay and
 * tests feed the raw journal here and compare with {@code MetricsQuery}. Events must come in journal
 * order per persistence id (any interleaving of persistence ids); events of other experiments are
 * ignored. The per-problem reduction is {@link ProblemReduction}'s, so both paths agree to the last bit.
 *
 * <p>A problem's samples of an iteration are reduced to a small {@link ProblemSummary} as soon as every
 * one has its decision, so memory holds texts only of problems still being sampled. A problem actor
 * never samples an iteration it has decided, so a Sampled, Accepted or Rejected event for an iteration
 * already decided is a repeat delivery and is ignored (and counted).
 */
public final class MetricsFromEvents {

    private static final Logger log = LoggerFactory.getLogger(MetricsFromEvents.class);

    private final String experimentId;
    private final Map<String, ProblemFacts> registrations = new HashMap<>();
    private final SortedSet<Integer> iterations = new TreeSet<>();
    private final Map<Integer, Map<String, ProblemTrack>> tracks = new HashMap<>();
    private final Map<Integer, Map<String, EvaluationFacts>> evaluations = new HashMap<>();
    private final Map<Integer, Map<String, EvaluationSampleFacts>> evaluationSamples = new HashMap<>();
    private final Map<Integer, Map<String, CorrectionOutcome>> corrections = new HashMap<>();
    private final Map<Integer, Map<String, RefinementOutcome>> refinements = new HashMap<>();
    private long repeatsIgnored;

    public MetricsFromEvents(String experimentId) {
        this.experimentId = experimentId;
    }

    /** One {@link IterationMetrics} per iteration, in iteration order. */
    public static List<IterationMetrics> compute(String experimentId, Iterable<?> events) {
        MetricsFromEvents metrics = new MetricsFromEvents(experimentId);
        events.forEach(metrics::add);
        return metrics.result();
    }

    /** Takes a {@link ProblemEvent} or {@link ExperimentEvent}; anything else is ignored. */
    public MetricsFromEvents add(Object event) {
        if (event instanceof ProblemEvent p && p.experimentId().equals(experimentId)) {
            addProblemEvent(p);
        } else if (event instanceof ExperimentEvent.IterationStarted started
                && started.experimentId().equals(experimentId)) {
            iterations.add(started.iteration());
        }
        return this;
    }

    /**
     * Takes in what {@code other} folded, for a fold split by problem: several problems' streams folded
     * apart (in parallel) and then merged give what one fold of all of them gives. The two must hold no
     * problem in common; a problem in both is an error, since its events would be split between them.
     */
    public MetricsFromEvents merge(MetricsFromEvents other) {
        if (!other.experimentId.equals(experimentId)) {
            throw new IllegalArgumentException(
                    "cannot merge metrics of " + other.experimentId + " into " + experimentId);
        }
        other.registrations.forEach((problemId, facts) -> {
            if (registrations.putIfAbsent(problemId, facts) != null) {
                throw new IllegalArgumentException("problem " + problemId + " is in both folds");
            }
        });
        iterations.addAll(other.iterations);
        other.tracks.forEach((t, byProblem) -> {
            Map<String, ProblemTrack> mine = tracks.computeIfAbsent(t, k -> new HashMap<>());
            byProblem.forEach((problemId, track) -> {
                if (mine.putIfAbsent(problemId, new ProblemTrack(track)) != null) {
                    throw new IllegalArgumentException("problem " + problemId + " is in both folds");
                }
            });
        });
        mergeAll(evaluations, other.evaluations);
        mergeAll(evaluationSamples, other.evaluationSamples);
        mergeAll(corrections, other.corrections);
        mergeAll(refinements, other.refinements);
        repeatsIgnored += other.repeatsIgnored;
        return this;
    }

    private static <V> void mergeAll(Map<Integer, Map<String, V>> into, Map<Integer, Map<String, V>> from) {
        from.forEach((t, byKey) -> into.computeIfAbsent(t, k -> new HashMap<>()).putAll(byKey));
    }

    /** Repeated deliveries ignored so far (see the class comment). */
    public long repeatsIgnored() {
        return repeatsIgnored;
    }

    private void addProblemEvent(ProblemEvent event) {
        if (event instanceof ProblemRegistered r) {
            registrations.put(r.problemId(), ProblemFacts.of(r));
            // Samples may have waited for the registration (only when events of one problem are reordered).
            tracks.values().forEach(byProblem -> {
                ProblemTrack track = byProblem.get(r.problemId());
                if (track != null) {
                    track.summariseIfDecided(registrations.get(r.problemId()));
                }
            });
        } else if (event instanceof ReferenceScored r) {
            iterations.add(r.iteration());
            registrations.computeIfPresent(r.problemId(), (id, facts) -> facts.with(r));
        } else if (event instanceof Sampled s) {
            track(s.iteration(), s.problemId()).sampled(SampleFacts.of(s));
        } else if (event instanceof Accepted a) {
            track(a.iteration(), a.problemId()).decided(a.sampleId(), Decision.ACCEPTED);
        } else if (event instanceof Rejected r) {
            track(r.iteration(), r.problemId()).decided(r.sampleId(), Decision.REJECTED);
        } else if (event instanceof Evaluated e) {
            iterations.add(e.iteration());
            evaluations
                    .computeIfAbsent(e.iteration(), t -> new HashMap<>())
                    .put(e.mode() + "\n" + e.evaluationSplit() + "\n" + e.problemId(), EvaluationFacts.of(e));
        } else if (event instanceof EvaluationSampled e) {
            iterations.add(e.iteration());
            evaluationSamples
                    .computeIfAbsent(e.iteration(), t -> new HashMap<>())
                    .put(e.evaluationSplit() + "\n" + e.problemId() + "\n" + e.index(), EvaluationSampleFacts.of(e));
        } else if (event instanceof EvaluationRefined e) {
            iterations.add(e.iteration());
            refinements
                    .computeIfAbsent(e.iteration(), t -> new HashMap<>())
                    .put(e.evaluationSplit() + "\n" + e.problemId(), ProblemReduction.refinement(e));
        } else if (event instanceof Corrected c) {
            iterations.add(c.iteration());
            corrections
                    .computeIfAbsent(c.iteration(), t -> new HashMap<>())
                    .put(c.refinedSampleId(), ProblemReduction.correction(c));
        }
    }

    private ProblemTrack track(int iteration, String problemId) {
        iterations.add(iteration);
        return tracks.computeIfAbsent(iteration, t -> new HashMap<>())
                .computeIfAbsent(problemId, p -> new ProblemTrack(problemId));
    }

    public List<IterationMetrics> result() {
        return readouts().stream().map(IterationReadout::metrics).toList();
    }

    /** The metrics with the counts they cover, as {@code MetricsQuery.computeIteration} returns them. */
    public List<IterationReadout> readouts() {
        if (repeatsIgnored > 0) {
            log.debug("{}: {} repeated problem events ignored", experimentId, repeatsIgnored);
        }
        FirstModelBaseline baseline = new FirstModelBaseline();
        evaluations
                .getOrDefault(FirstModelBaseline.GREEDY_ITERATION, Map.of())
                .values()
                .forEach(baseline::evaluation);
        tracks.getOrDefault(FirstModelBaseline.SAMPLES_ITERATION, Map.of()).forEach((problemId, track) -> {
            if (track.hasSamples()) {
                baseline.samples(problemId, track.roundZeroCounts());
            }
        });

        List<ProblemFacts> originals = new ArrayList<>(registrations.values());
        originals.sort((a, b) -> ReadSideShard.PROBLEM_ORDER.compare(a.problemId(), b.problemId()));

        // Iterations are computed apart from each other (each reads this fold and writes only its own
        // feed), so they run in parallel: a replay's last step, after every problem is read.
        return new ArrayList<>(iterations)
                .parallelStream().map(t -> readout(t, baseline, originals)).toList();
    }

    private IterationReadout readout(int t, FirstModelBaseline baseline, List<ProblemFacts> originals) {
        IterationFeed feed = new IterationFeed(t, baseline.forIteration(t));
        TreeMap<String, ProblemTrack> ordered = new TreeMap<>(ReadSideShard.PROBLEM_ORDER);
        ordered.putAll(tracks.getOrDefault(t, Map.of()));
        for (ProblemTrack track : ordered.values()) {
            track.feed(feed, registrations.get(track.problemId));
        }
        originals.forEach(feed::original);
        evaluations.getOrDefault(t, Map.of()).values().forEach(feed::evaluation);
        evaluationSamples.getOrDefault(t, Map.of()).values().forEach(feed::evaluationSample);
        corrections.getOrDefault(t, Map.of()).values().forEach(feed::correction);
        refinements.getOrDefault(t, Map.of()).values().forEach(feed::refinement);
        return feed.result();
    }

    /** One problem in one iteration: its samples until all are decided, then only their summary. */
    private final class ProblemTrack {
        final String problemId;
        final Map<String, SampleFacts> samples = new LinkedHashMap<>();
        final Map<String, Decision> decisions = new HashMap<>();
        ProblemSummary summary;

        ProblemTrack(String problemId) {
            this.problemId = problemId;
        }

        /** Another fold's track, taken over by this fold (its samples, decisions and summary). */
        ProblemTrack(ProblemTrack other) {
            this(other.problemId);
            samples.putAll(other.samples);
            decisions.putAll(other.decisions);
            summary = other.summary;
        }

        void sampled(SampleFacts sample) {
            if (summary != null) {
                repeatsIgnored++;
                return;
            }
            samples.put(sample.sampleId(), sample);
            summariseIfDecided(registrations.get(problemId));
        }

        void decided(String sampleId, Decision decision) {
            if (summary != null) {
                repeatsIgnored++;
                return;
            }
            decisions.put(sampleId, decision);
            summariseIfDecided(registrations.get(problemId));
        }

        void summariseIfDecided(ProblemFacts problem) {
            if (summary != null
                    || problem == null
                    || samples.isEmpty()
                    || !decisions.keySet().containsAll(samples.keySet())) {
                return;
            }
            summary = ProblemReduction.summarise(problem, withDecisions());
            samples.clear();
            decisions.clear();
        }

        boolean hasSamples() {
            return summary != null || !samples.isEmpty();
        }

        PassCounts roundZeroCounts() {
            return summary != null ? summary.roundZeroCounts() : ProblemReduction.roundZeroCounts(samples.values());
        }

        void feed(IterationFeed feed, ProblemFacts problem) {
            if (summary != null) {
                feed.summary(summary);
            } else {
                feed.problem(problem, withDecisions());
            }
        }

        private List<SampleFacts> withDecisions() {
            return samples.values().stream()
                    .map(s -> s.withDecision(decisions.getOrDefault(s.sampleId(), Decision.UNDECIDED)))
                    .toList();
        }
    }
}
