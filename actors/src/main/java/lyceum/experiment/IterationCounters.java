package lyceum.experiment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.problem.ProblemActor;

/**
 * The counts of one problem, or of a phase so far, keyed as the events journal them ("covered",
 * "held-out.bucket.2.correct"), so journals written before stay readable. The coordinator builds and
 * reads them only through this type; {@code failed} counts problems that exhausted their attempts and
 * the failed requests problems report.
 */
record IterationCounters(Map<String, Long> values) {

  static final IterationCounters NONE = new IterationCounters(Map.of());
  static final String FAILED = "failed";
  private static final String PROBLEMS_SUFFIX = ".problems";
  private static final List<String> EVALUATION_SPLITS = List.of("held-out", "held-in");

  IterationCounters {
    values = Map.copyOf(values);
  }

  static IterationCounters registered(String split) {
    return new IterationCounters(Map.of(split + PROBLEMS_SUFFIX, 1L));
  }

  /** A problem that answered no ask of its {@code runtime.max-attempts}. */
  static IterationCounters failedProblem() {
    return new IterationCounters(Map.of(FAILED, 1L));
  }

  static IterationCounters sampled(ProblemActor.SamplingSummary s) {
    String b = "bucket." + s.difficultyBucket() + ".";
    Map<String, Long> m = new HashMap<>();
    m.put("problems", 1L);
    m.put("samples", (long) s.samples());
    m.put("correct", (long) s.correct());
    m.put("covered_first_round", s.correctInFirstRound() > 0 ? 1L : 0L);
    m.put("covered", s.correct() > 0 ? 1L : 0L);
    m.put("resampled", s.rounds() > 1 ? 1L : 0L);
    m.put("accepted", (long) s.accepted());
    m.put(b + "problems", 1L);
    m.put(b + "covered", s.correct() > 0 ? 1L : 0L);
    m.put(b + "accepted", (long) s.accepted());
    putFailed(m, s.failed());
    return new IterationCounters(m);
  }

  /**
   * Greedy answers as {@code <split>.total} and {@code <split>.correct} (also per difficulty bucket);
   * sampled answers as {@code <split>.samples}, {@code <split>.samples.correct} and
   * {@code <split>.samples.oracle} (problems with a correct one); critique-then-refine as
   * {@code <split>.refined}, {@code <split>.refined.flagged} and {@code <split>.refined.correct}.
   */
  static IterationCounters evaluated(
      String split, int bucket, ExperimentConfig.Evaluation evaluation, ProblemActor.EvaluationSummary e) {
    Map<String, Long> m = new HashMap<>();
    if (evaluation.greedy()) {
      long correct = e.correct() ? 1L : 0L;
      m.put(split + ".total", 1L);
      m.put(split + ".correct", correct);
      m.put(split + ".bucket." + bucket + ".total", 1L);
      m.put(split + ".bucket." + bucket + ".correct", correct);
    }
    if (evaluation.samples() > 0) {
      m.put(split + ".samples", (long) e.samples());
      m.put(split + ".samples.correct", (long) e.correctSamples());
      m.put(split + ".samples.oracle", e.correctSamples() > 0 ? 1L : 0L);
    }
    if (evaluation.refine().enabled()) {
      m.put(split + ".refined", e.refined() ? 1L : 0L);
      m.put(split + ".refined.flagged", e.flagged() ? 1L : 0L);
      m.put(split + ".refined.correct", e.correctAfterRefine() ? 1L : 0L);
    }
    putFailed(m, e.failed());
    return new IterationCounters(m);
  }

  private static void putFailed(Map<String, Long> m, int failed) {
    if (failed > 0) {
      m.put(FAILED, (long) failed);
    }
  }

  /** Registered problems per split, from the counters of the registering walk. */
  Map<String, Integer> problemsPerSplit() {
    Map<String, Integer> perSplit = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.endsWith(PROBLEMS_SUFFIX)) {
        perSplit.put(k.substring(0, k.length() - PROBLEMS_SUFFIX.length()), v.intValue());
      }
    });
    return perSplit;
  }

  /** Greedy accuracy per evaluation split that has greedy answers. */
  Map<String, Double> greedyAccuracy() {
    Map<String, Double> accuracy = new TreeMap<>();
    for (String split : EVALUATION_SPLITS) {
      long total = values.getOrDefault(split + ".total", 0L);
      if (total > 0) {
        accuracy.put(split, values.getOrDefault(split + ".correct", 0L) / (double) total);
      }
    }
    return accuracy;
  }
}
