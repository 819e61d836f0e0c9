package lyceum.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Evaluated;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.metrics.Diversity;
import lyceum.metrics.Uncertainty;
import lyceum.metrics.Uncertainty.Interval;

/**
 * The demo's closing lines: one per phenomenon of the papers, each with its 95% interval, saying
 * whether it appeared (the interval excludes no change) or not. Computed from the problems' journaled
 * events, paired over problems wherever two figures are about the same problems.
 */
final class DemoVerdicts {

    private DemoVerdicts() {}

    /** What the verdicts need of one experiment, gathered one problem's events at a time. */
    static final class Facts {
        final String strategy;
        /** iteration, held-out problem: greedy answer correct. */
        final NavigableMap<Integer, Map<String, Boolean>> heldOut = new TreeMap<>();
        /** training problem: difficulty bucket. */
        final Map<String, Integer> buckets = new HashMap<>();
        /** iteration, training problem: a correct sample in any round. */
        final Map<Integer, Map<String, Boolean>> covered = new TreeMap<>();
        /** iteration, training problem: Distinct-4 of its samples. */
        final NavigableMap<Integer, Map<String, Double>> distinct4 = new TreeMap<>();
        /** accepted samples per bucket over all iterations. */
        final Map<Integer, Long> acceptedByBucket = new TreeMap<>();

        long correctChecked;
        long correctWrongReason;
        long acceptedChecked;
        long acceptedWrongReason;
        boolean requireValidSteps;

        Facts(String strategy, boolean requireValidSteps) {
            this.strategy = strategy;
            this.requireValidSteps = requireValidSteps;
        }

        void add(List<ProblemEvent> events) {
            ProblemRegistered problem = null;
            Map<String, Sampled> samples = new HashMap<>();
            Map<Integer, List<String>> texts = new TreeMap<>();
            for (ProblemEvent e : events) {
                if (e instanceof ProblemRegistered r) {
                    problem = r;
                } else if (e instanceof Evaluated v
                        && "greedy".equals(v.mode())
                        && "held-out".equals(v.evaluationSplit())) {
                    heldOut.computeIfAbsent(v.iteration(), k -> new HashMap<>()).put(v.problemId(), v.correct());
                } else if (e instanceof Sampled s) {
                    samples.put(s.sampleId(), s);
                    texts.computeIfAbsent(s.iteration(), k -> new ArrayList<>()).add(s.text());
                    covered.computeIfAbsent(s.iteration(), k -> new HashMap<>())
                            .merge(s.problemId(), s.correct(), Boolean::logicalOr);
                    if (s.correct() && s.stepsValid() != null) {
                        correctChecked++;
                        correctWrongReason += s.stepsValid() ? 0 : 1;
                    }
                } else if (e instanceof Accepted a) {
                    Sampled s = samples.get(a.sampleId());
                    if (problem != null) {
                        acceptedByBucket.merge(problem.difficultyBucket(), 1L, Long::sum);
                    }
                    if (s != null && s.stepsValid() != null) {
                        acceptedChecked++;
                        acceptedWrongReason += s.stepsValid() ? 0 : 1;
                    }
                }
            }
            if (problem != null && "train".equals(problem.split())) {
                buckets.put(problem.problemId(), problem.difficultyBucket());
                String id = problem.problemId();
                texts.forEach((t, list) -> {
                    double d = Diversity.distinctN(list, 4);
                    if (!Double.isNaN(d)) {
                        distinct4.computeIfAbsent(t, k -> new HashMap<>()).put(id, d);
                    }
                });
            }
        }

        int hardestBucket() {
            return buckets.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    /** The lines for these experiments; the first vanilla one and the first guided one are compared. */
    static List<String> lines(List<Facts> experiments) {
        List<String> out = new ArrayList<>();
        for (Facts f : experiments) {
            out.add(selfImprovement(f));
        }
        for (Facts f : experiments) {
            out.add(tailNarrowing(f));
        }
        Facts vanilla = experiments.stream()
                .filter(f -> f.strategy.equals("vanilla"))
                .findFirst()
                .orElse(null);
        Facts guided = experiments.stream()
                .filter(f -> !f.strategy.equals("vanilla"))
                .findFirst()
                .orElse(null);
        if (vanilla != null && guided != null) {
            out.add(guidedTail(vanilla, guided));
        }
        for (Facts f : experiments) {
            out.add(diversity(f));
        }
        for (Facts f : experiments) {
            out.add(wrongReason(f));
        }
        return out;
    }

    static String selfImprovement(Facts f) {
        String name = "self-improvement (" + f.strategy + ")";
        if (f.heldOut.size() < 2) {
            return name + ": not measured, fewer than two evaluated models";
        }
        Ends<Boolean> ends = Ends.of(f.heldOut);
        List<String> common = ends.common();
        Paired paired = Paired.of(ends.a(), ends.b(), common);
        Interval diff = paired.difference();
        String figures = String.format(
                Locale.ROOT,
                "held-out greedy accuracy M_%d %s -> M_%d %s, difference %s, McNemar p = %.3g (%d vs %d discordant, n = %d)",
                ends.first(),
                pct(paired.rightA(), common.size()),
                ends.last(),
                pct(paired.rightB(), common.size()),
                points(diff, paired.rightB() - paired.rightA(), common.size()),
                paired.mcNemarP(),
                paired.onlyB(),
                paired.onlyA(),
                common.size());
        return name + ": " + verdict(diff, "rises", "falls", "no change beyond noise") + "; " + figures;
    }

    static String tailNarrowing(Facts f) {
        String name = "tail narrowing (" + f.strategy + ")";
        int hardest = f.hardestBucket();
        long accepted =
                f.acceptedByBucket.values().stream().mapToLong(Long::longValue).sum();
        long acceptedHard = f.acceptedByBucket.getOrDefault(hardest, 0L);
        long original = f.buckets.size();
        long originalHard =
                f.buckets.values().stream().filter(b -> b == hardest).count();
        if (accepted == 0 || original == 0) {
            return name + ": not measured, nothing accepted";
        }
        Interval diff = Uncertainty.newcombeDifference(originalHard, original, acceptedHard, accepted);
        return name + ": " + verdict(diff, "widened", "narrowed", "no change beyond noise")
                + String.format(
                        Locale.ROOT,
                        "; hardest bucket (%d steps) share of accepted data %s against original data %s, difference %s",
                        hardest,
                        pct(acceptedHard, accepted),
                        pct(originalHard, original),
                        points(diff, (double) acceptedHard / accepted - (double) originalHard / original));
    }

    /** Iteration 1: both experiments sample the same M_0 with the same seeds, so only the guidance differs. */
    static String guidedTail(Facts vanilla, Facts guided) {
        String name = "GSI widening the tail (" + guided.strategy + " vs vanilla)";
        int hardest = vanilla.hardestBucket();
        Map<String, Boolean> a = vanilla.covered.get(1);
        Map<String, Boolean> b = guided.covered.get(1);
        if (a == null || b == null) {
            return name + ": not measured, no iteration 1";
        }
        List<String> common = vanilla.buckets.entrySet().stream()
                .filter(e -> e.getValue() == hardest && a.containsKey(e.getKey()) && b.containsKey(e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (common.isEmpty()) {
            return name + ": not measured, no hardest-bucket problem sampled by both";
        }
        Paired paired = Paired.of(a, b, common);
        Interval diff = paired.difference();
        return name + ": " + verdict(diff, "widened", "narrowed", "no change beyond noise")
                + String.format(
                        Locale.ROOT,
                        "; iteration 1 hardest-bucket coverage %s against %s, difference %s, McNemar p = %.3g (n = %d)",
                        pct(paired.rightB(), common.size()),
                        pct(paired.rightA(), common.size()),
                        points(diff, paired.rightB() - paired.rightA(), common.size()),
                        paired.mcNemarP(),
                        common.size());
    }

    /** A per-iteration figure of each problem at the first and the last iteration, over the problems both have. */
    private record Ends<T>(int first, int last, Map<String, T> a, Map<String, T> b, List<String> common) {

        static <T> Ends<T> of(NavigableMap<Integer, Map<String, T>> byIteration) {
            Map<String, T> a = byIteration.firstEntry().getValue();
            Map<String, T> b = byIteration.lastEntry().getValue();
            return new Ends<>(
                    byIteration.firstKey(),
                    byIteration.lastKey(),
                    a,
                    b,
                    a.keySet().stream().filter(b::containsKey).sorted().toList());
        }
    }

    /** Two yes/no outcomes per problem (right, covered), A before B: the counts a paired comparison reads. */
    private record Paired(double[] a, double[] b, int rightA, int rightB, int onlyA, int onlyB) {

        static Paired of(Map<String, Boolean> a, Map<String, Boolean> b, List<String> problems) {
            double[] x = new double[problems.size()];
            double[] y = new double[problems.size()];
            int onlyA = 0;
            int onlyB = 0;
            int rightA = 0;
            int rightB = 0;
            for (int i = 0; i < problems.size(); i++) {
                boolean ra = a.get(problems.get(i));
                boolean rb = b.get(problems.get(i));
                x[i] = ra ? 1 : 0;
                y[i] = rb ? 1 : 0;
                rightA += ra ? 1 : 0;
                rightB += rb ? 1 : 0;
                onlyA += ra && !rb ? 1 : 0;
                onlyB += rb && !ra ? 1 : 0;
            }
            return new Paired(x, y, rightA, rightB, onlyA, onlyB);
        }

        Interval difference() {
            return Uncertainty.pairedBootstrapDifference(a, b);
        }

        double mcNemarP() {
            return Uncertainty.mcNemarExact(onlyA, onlyB);
        }
    }

    static String diversity(Facts f) {
        String name = "diversity falling (" + f.strategy + ")";
        if (f.distinct4.size() < 2) {
            return name + ": not measured, fewer than two sampled iterations";
        }
        Ends<Double> ends = Ends.of(f.distinct4);
        List<String> common = ends.common();
        double[] x = common.stream().mapToDouble(ends.a()::get).toArray();
        double[] y = common.stream().mapToDouble(ends.b()::get).toArray();
        Interval diff = Uncertainty.pairedBootstrapDifference(x, y);
        double ma = java.util.Arrays.stream(x).average().orElse(Double.NaN);
        double mb = java.util.Arrays.stream(y).average().orElse(Double.NaN);
        return name + ": " + verdict(diff, "rose", "fell", "no change beyond noise")
                + String.format(
                        Locale.ROOT,
                        "; Distinct-4 iteration %d %.3f -> iteration %d %.3f, difference %+.3f (%+.3f to %+.3f), paired over %d problems",
                        ends.first(),
                        ma,
                        ends.last(),
                        mb,
                        mb - ma,
                        diff == null ? Double.NaN : diff.low(),
                        diff == null ? Double.NaN : diff.high(),
                        common.size());
    }

    static String wrongReason(Facts f) {
        String name = "right for the wrong reason (" + f.strategy + ")";
        if (f.correctChecked == 0) {
            return name + ": not measured, no correct sample whose steps could be checked";
        }
        return name
                + String.format(
                        Locale.ROOT,
                        ": without step verification (all correct samples) %s of %d; accepted %s %s of %d",
                        pct(f.correctWrongReason, f.correctChecked),
                        f.correctChecked,
                        f.requireValidSteps ? "with step verification" : "without step verification (outcome only)",
                        pct(f.acceptedWrongReason, f.acceptedChecked),
                        f.acceptedChecked);
    }

    private static String verdict(Interval diff, String up, String down, String none) {
        if (diff == null) {
            return "not measured";
        }
        return diff.low() > 0 ? up : diff.high() < 0 ? down : none;
    }

    /** A share with its Wilson interval: {@code 10.5% (7.0-15.5)}. */
    static String pct(long part, long whole) {
        Interval w = Uncertainty.wilson(part, whole);
        if (w == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%% (%.1f-%.1f)", 100.0 * part / whole, 100 * w.low(), 100 * w.high());
    }

    private static String points(Interval diff, int countDifference, int n) {
        return points(diff, n == 0 ? Double.NaN : (double) countDifference / n);
    }

    private static String points(Interval diff, double value) {
        if (diff == null) {
            return "-";
        }
        return String.format(
                Locale.ROOT, "%+.1f points (%+.1f to %+.1f)", 100 * value, 100 * diff.low(), 100 * diff.high());
    }
}
