package lyceum.replay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What re-grading changed: the verdicts (all counted, the first {@code listedCap} by id listed) and,
 * per iteration, every metric that moved compared with a replay on the journaled verdicts.
 *
 * @param graderVersions versions the re-grading verdicts carry
 * @param answersChanged answers read differently while the verdict stayed the same
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegradeSummary(
        List<String> graderVersions,
        long count,
        long samples,
        long evaluations,
        long refinements,
        long nowCorrect,
        long nowWrong,
        long acceptedNowWrong,
        long answersChanged,
        int listedCap,
        List<ChangedVerdict> listed,
        List<MetricDifference> metricEffects) {}
