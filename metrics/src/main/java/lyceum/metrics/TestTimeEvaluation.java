package lyceum.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Test-time accuracy per split from the sampled evaluation answers of each problem. */
public final class TestTimeEvaluation {

    /** One problem's sampled answers in one split. */
    public record ProblemAnswers(String split, String problemId, List<EvaluationCandidate> candidates) {

        public ProblemAnswers {
            candidates = candidates.stream()
                    .sorted(Comparator.comparingInt(EvaluationCandidate::index))
                    .toList();
        }
    }

    private TestTimeEvaluation() {}

    /**
     * Figures per split in ascending split order, with the given selectors. Problems are taken in id
     * order whatever the input order, so every sum of doubles is formed the same way.
     */
    public static SortedMap<String, TestTimeAccuracy> bySplit(
            Collection<ProblemAnswers> problems, List<AnswerSelector> selectors) {
        TreeMap<String, List<ProblemAnswers>> bySplit = new TreeMap<>();
        problems.stream()
                .filter(p -> !p.candidates().isEmpty())
                .sorted(Comparator.comparing(ProblemAnswers::problemId))
                .forEach(p -> bySplit.computeIfAbsent(p.split(), s -> new ArrayList<>())
                        .add(p));
        TreeMap<String, TestTimeAccuracy> out = new TreeMap<>();
        bySplit.forEach((split, answers) -> out.put(split, of(answers, selectors)));
        return Collections.unmodifiableSortedMap(out);
    }

    /** The figures of one split's problems (each with at least one answer). */
    static TestTimeAccuracy of(List<ProblemAnswers> problems, List<AnswerSelector> selectors) {
        List<PassCounts> counts =
                problems.stream().map(TestTimeEvaluation::counts).toList();
        int n = counts.stream().mapToInt(PassCounts::n).max().orElse(0);
        List<Integer> ks = new ArrayList<>(PassAtK.standardKs(n));
        if (n > 0 && !ks.contains(n)) {
            ks.add(n);
        }
        TreeMap<Integer, Double> passAtK = new TreeMap<>();
        ks.forEach(k -> passAtK.put(k, PassAtK.mean(counts, k)));
        Map<String, Double> selected = new LinkedHashMap<>();
        for (AnswerSelector selector : selectors) {
            long right = problems.stream()
                    .filter(p -> selector.select(p.candidates())
                            .map(EvaluationCandidate::correct)
                            .orElse(false))
                    .count();
            selected.put(selector.key(), share(right, problems.size()));
        }
        long anyCorrect = counts.stream().filter(c -> c.c() > 0).count();
        return new TestTimeAccuracy(
                problems.size(),
                counts.stream().mapToLong(PassCounts::n).sum(),
                n,
                Collections.unmodifiableSortedMap(passAtK),
                Collections.unmodifiableMap(selected),
                share(anyCorrect, problems.size()));
    }

    private static PassCounts counts(ProblemAnswers p) {
        int c = (int)
                p.candidates().stream().filter(EvaluationCandidate::correct).count();
        return new PassCounts(p.candidates().size(), c);
    }

    private static Double share(long part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
