package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A journaled verdict the re-grading grader disagrees with.
 *
 * @param id the sample id; for an evaluation {@code experiment~problem~iteration~eval~split~mode}
 * @param kind "sample", "evaluation" or "refinement" (the refined answer of a Corrected event)
 * @param decision for a sample, the acceptance decision journaled with the old verdict ("accepted",
 *     "rejected", "undecided"); replay keeps these decisions, it does not re-decide
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangedVerdict(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("problem_id") String problemId,
        @JsonProperty("iteration") int iteration,
        @JsonProperty("was_correct") boolean wasCorrect,
        @JsonProperty("now_correct") boolean nowCorrect,
        @JsonProperty("extracted_before") String extractedBefore,
        @JsonProperty("extracted_after") String extractedAfter,
        @JsonProperty("grader_version_before") String graderVersionBefore,
        @JsonProperty("decision") String decision) {}
