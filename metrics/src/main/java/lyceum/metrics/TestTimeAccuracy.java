package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Test-time figures of one evaluation split, over the sampled evaluation answers of its problems.
 *
 * @param problems problems with sampled answers
 * @param samples sampled answers over all problems
 * @param samplesPerProblem N, the most sampled answers any problem has
 * @param passAtK mean unbiased pass@k, k = 1, 2, 4, ... and N (problems with fewer than k answers left
 *     out)
 * @param selected share of problems whose picked answer is correct, per selector ("majority" is maj@N,
 *     "best-of-n" best-of-N); a problem with no pick counts as wrong
 * @param oracle share of problems with at least one correct answer
 */
public record TestTimeAccuracy(
        @JsonProperty("problems") int problems,
        @JsonProperty("samples") long samples,
        @JsonProperty("samples_per_problem") int samplesPerProblem,
        @JsonProperty("pass_at_k") Map<Integer, Double> passAtK,
        @JsonProperty("selected") Map<String, Double> selected,
        @JsonProperty("oracle") Double oracle) {}
