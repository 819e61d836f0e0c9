package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * All metrics of one iteration, as {@code lyceum metrics --json} prints them (snake_case keys; maps
 * keyed by k, split, subset or bucket are JSON objects). A null value is undefined for this iteration
 * (no data for it), never zero. Built by {@link IterationMetricsAccumulator}.
 *
 * @param metricsVersion {@link MetricsVersion#CURRENT} of the code that computed every figure here
 * @param problems training problems summarised
 * @param samples samples over all rounds
 * @param accepted accepted samples (the iteration's training data)
 * @param acceptedHintDerived accepted samples produced under a hint
 * @param coverage share of problems with a correct round-0 sample (before guided resampling)
 * @param coverageAfterResample share of problems with a correct sample in any round
 * @param correctHistogram number of problems per count of correct round-0 samples
 * @param correctHistogramAfterResample number of problems per count of correct samples, all rounds
 * @param passAtK mean unbiased pass@k over round-0 samples, k = 1, 2, 4, ... (problems with fewer
 *     than k samples left out)
 * @param majAtK share of problems whose majority answer over the first k round-0 samples is correct
 * @param greedyAccuracy greedy accuracy per evaluation split
 * @param improvementSetSize |IS(t)|, null without an {@link ImprovementBaseline}
 * @param firstModelPassAtNOnImprovementSet M_1's pass@N over IS(t)
 * @param distinct1 Distinct-1 of all samples ({@link DiversityMetrics}); likewise 2, 3, 4
 * @param distinctEquations distinct equations of all samples
 * @param semanticDiversity semantic diversity per subset (all, accepted, correct, incorrect)
 * @param diversityBySubset every diversity figure per subset
 * @param bucketShareAccepted share of accepted samples per difficulty bucket
 * @param bucketShareOriginal share of original examples per difficulty bucket
 * @param hardestBucket the highest difficulty bucket among the problems
 * @param hardestBucketCoverage tail coverage: coverage after resampling within the hardest bucket
 * @param length response length in tokens, accepted against original
 * @param perplexity perplexity, accepted against original
 * @param selfCorrection rates over the iteration's corrections
 * @param disparity round-0 pass@1 per difficulty bucket of the training problems, and its spread
 * @param testTime per evaluation split, the figures of the sampled evaluation answers (maj@N,
 *     best-of-N, pass@k, oracle); null, and absent from the JSON, when the evaluation sampled none
 * @param testTimeRefine per evaluation split, greedy accuracy against accuracy after
 *     critique-then-refine and the critic's rates; null, and absent from the JSON, when not enabled
 * @param wrongReasonShareAccepted share of the accepted samples whose reasoning was checked that are
 *     right for the wrong reason (right answer, a step that does not check out); null when none was checked
 * @param wrongReasonShareCorrect the same share among all correct checked samples: what outcome-only
 *     acceptance would keep
 * @param wrongReasonShareAcceptedByBucket {@code wrongReasonShareAccepted} per difficulty bucket
 * @param greedyAccuracyByBucket greedy accuracy per evaluation split and difficulty bucket; null in
 *     metrics stored before it was computed
 * @param intervals 95% intervals of the figures above, keyed by the figure's JSON name (a map's
 *     entry as {@code name.key}, e.g. {@code greedy_accuracy.held-out}, {@code pass_at_k.1}): Wilson
 *     for shares of problems, a bootstrap over problems for pass@k; absent for metrics stored before
 *     intervals were computed
 */
public record IterationMetrics(
        @JsonProperty("metrics_version") String metricsVersion,
        @JsonProperty("iteration") int iteration,
        @JsonProperty("problems") int problems,
        @JsonProperty("samples") long samples,
        @JsonProperty("accepted") long accepted,
        @JsonProperty("accepted_hint_derived") long acceptedHintDerived,
        @JsonProperty("coverage") Double coverage,
        @JsonProperty("coverage_after_resample") Double coverageAfterResample,
        @JsonProperty("correct_histogram") Map<Integer, Integer> correctHistogram,
        @JsonProperty("correct_histogram_after_resample") Map<Integer, Integer> correctHistogramAfterResample,
        @JsonProperty("pass_at_k") Map<Integer, Double> passAtK,
        @JsonProperty("maj_at_k") Map<Integer, Double> majAtK,
        @JsonProperty("greedy_accuracy") Map<String, Double> greedyAccuracy,
        @JsonProperty("improvement_set_size") Integer improvementSetSize,

        @JsonProperty("first_model_pass_at_n_on_improvement_set")
        Double firstModelPassAtNOnImprovementSet,

        @JsonProperty("distinct_1") Double distinct1,
        @JsonProperty("distinct_2") Double distinct2,
        @JsonProperty("distinct_3") Double distinct3,
        @JsonProperty("distinct_4") Double distinct4,
        @JsonProperty("distinct_equations") Double distinctEquations,
        @JsonProperty("semantic_diversity") Map<String, Double> semanticDiversity,
        @JsonProperty("diversity_by_subset") Map<String, DiversityMetrics> diversityBySubset,
        @JsonProperty("bucket_share_accepted") Map<Integer, Double> bucketShareAccepted,
        @JsonProperty("bucket_share_original") Map<Integer, Double> bucketShareOriginal,
        @JsonProperty("hardest_bucket") Integer hardestBucket,
        @JsonProperty("hardest_bucket_coverage") Double hardestBucketCoverage,
        @JsonProperty("hardest_bucket_share_accepted") Double hardestBucketShareAccepted,
        @JsonProperty("hardest_bucket_share_original") Double hardestBucketShareOriginal,
        @JsonProperty("length") TailComparison length,
        @JsonProperty("perplexity") TailComparison perplexity,
        @JsonProperty("self_correction") SelfCorrection selfCorrection,
        @JsonProperty("disparity") Disparity disparity,

        @JsonProperty("test_time") @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, TestTimeAccuracy> testTime,

        @JsonProperty("test_time_refine") @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, TestTimeRefinement> testTimeRefine,

        @JsonProperty("intervals") @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, Uncertainty.Interval> intervals,

        @JsonProperty("wrong_reason_share_accepted") Double wrongReasonShareAccepted,
        @JsonProperty("wrong_reason_share_correct") Double wrongReasonShareCorrect,

        @JsonProperty("wrong_reason_share_accepted_by_bucket")
        Map<Integer, Double> wrongReasonShareAcceptedByBucket,

        @JsonProperty("greedy_accuracy_by_bucket") Map<String, Map<Integer, Double>> greedyAccuracyByBucket) {}
