package lyceum.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import lyceum.events.ProblemEvent;
import lyceum.metrics.IterationMetrics;

/** Counts changed verdicts and keeps the first ones by id, so the listing is bounded and stable. */
final class ChangeTally {

    private final int cap;
    private final TreeMap<String, ChangedVerdict> listed = new TreeMap<>();
    private final Set<String> graderVersions = new TreeSet<>();
    private long samples;
    private long evaluations;
    private long refinements;
    private long nowCorrect;
    private long acceptedNowWrong;
    private long answersChanged;

    ChangeTally(int cap) {
        this.cap = cap;
    }

    void add(Regrader.RegradedProblem problem) {
        answersChanged += problem.answersChanged();
        problem.events().forEach(e -> {
            if (e instanceof ProblemEvent.Sampled s) {
                graderVersions.add(s.graderVersion());
            } else if (e instanceof ProblemEvent.Evaluated v) {
                graderVersions.add(v.graderVersion());
            } else if (e instanceof ProblemEvent.EvaluationSampled v) {
                graderVersions.add(v.graderVersion());
            }
        });
        for (ChangedVerdict change : problem.changes()) {
            switch (change.kind()) {
                case "sample" -> samples++;
                case "evaluation" -> evaluations++;
                default -> refinements++;
            }
            if (change.nowCorrect()) {
                nowCorrect++;
            } else if ("accepted".equals(change.decision())) {
                acceptedNowWrong++;
            }
            listed.put(change.id(), change);
            if (listed.size() > cap) {
                listed.pollLastEntry();
            }
        }
    }

    RegradeSummary summary(List<IterationMetrics> journaled, List<IterationMetrics> regraded) {
        long count = samples + evaluations + refinements;
        return new RegradeSummary(
                new ArrayList<>(graderVersions),
                count,
                samples,
                evaluations,
                refinements,
                nowCorrect,
                count - nowCorrect,
                acceptedNowWrong,
                answersChanged,
                cap,
                new ArrayList<>(listed.values()),
                MetricsComparison.between(journaled, regraded).metrics());
    }
}
