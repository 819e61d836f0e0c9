package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * Diversity of one sample subset over an iteration: each figure is the mean over problems with at
 * least two samples in the subset (a single sample has no diversity to speak of) whose figure is
 * defined; null when no problem qualifies.
 *
 * @param problems problems with at least two samples in the subset
 * @param distinctEquations mean of unique / all normalised equations per problem
 * @param uniqueEquationsPerProblem mean count of unique normalised equations per problem
 */
public record DiversityMetrics(
        @JsonProperty("problems") int problems,
        @JsonProperty("distinct_1") Double distinct1,
        @JsonProperty("distinct_2") Double distinct2,
        @JsonProperty("distinct_3") Double distinct3,
        @JsonProperty("distinct_4") Double distinct4,
        @JsonProperty("distinct_equations") Double distinctEquations,
        @JsonProperty("unique_equations_per_problem") Double uniqueEquationsPerProblem,
        @JsonProperty("semantic_diversity") Double semanticDiversity) {

    public static DiversityMetrics aggregate(Collection<TextDiversity> perProblem) {
        var eligible = perProblem.stream().filter(d -> d.samples() >= 2).toList();
        return new DiversityMetrics(
                eligible.size(),
                meanOfDefined(eligible, TextDiversity::distinct1),
                meanOfDefined(eligible, TextDiversity::distinct2),
                meanOfDefined(eligible, TextDiversity::distinct3),
                meanOfDefined(eligible, TextDiversity::distinct4),
                meanOfDefined(eligible, TextDiversity::equationDiversity),
                meanOfDefined(eligible, d -> d.uniqueEquations()),
                meanOfDefined(eligible, TextDiversity::semanticDiversity));
    }

    private static Double meanOfDefined(Collection<TextDiversity> values, ToDoubleFunction<TextDiversity> figure) {
        double sum = 0;
        int counted = 0;
        for (TextDiversity d : values) {
            double v = figure.applyAsDouble(d);
            if (!Double.isNaN(v)) {
                sum += v;
                counted++;
            }
        }
        return counted == 0 ? null : sum / counted;
    }
}
