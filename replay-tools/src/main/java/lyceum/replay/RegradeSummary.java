package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What re-grading changed: the verdicts (all counted, the first {@code listedCap} by id listed) and,
 * per iteration, every metric that moved compared with a replay on the journaled verdicts.
 *
 * @param graderVersions versions the re-grading verdicts carry
 * @param answersChanged answers read differently while the verdict stayed the same
 */
public record RegradeSummary(
        @JsonProperty("grader_versions") List<String> graderVersions,
        @JsonProperty("count") long count,
        @JsonProperty("samples") long samples,
        @JsonProperty("evaluations") long evaluations,
        @JsonProperty("refinements") long refinements,
        @JsonProperty("now_correct") long nowCorrect,
        @JsonProperty("now_wrong") long nowWrong,
        @JsonProperty("accepted_now_wrong") long acceptedNowWrong,
        @JsonProperty("answers_changed") long answersChanged,
        @JsonProperty("listed_cap") int listedCap,
        @JsonProperty("listed") List<ChangedVerdict> listed,
        @JsonProperty("metric_effects") List<MetricDifference> metricEffects) {}
