package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A journaled verdict the re-grading grader disagrees with.
 *
 * @param id the sample id; for an evaluation {@code experiment~problem~iteration~eval~split~mode}
 * @param kind "sample", "evaluation" or "refinement" (the refined answer of a Corrected event)
 * @param decision for a sample, the acceptance decision journaled with the old verdict ("accepted",
 *     "rejected", "undecided"); replay keeps these decisions, it does not re-decide
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChangedVerdict(
        String id,
        String kind,
        String problemId,
        int iteration,
        boolean wasCorrect,
        boolean nowCorrect,
        String extractedBefore,
        String extractedAfter,
        String graderVersionBefore,
        String decision) {}
