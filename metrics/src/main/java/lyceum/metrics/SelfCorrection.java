package lyceum.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;

/**
 * Self-correction rates after a correction: P(right after | wrong before), the repair rate, and
 * P(right after | right before), which falls below 1 when the correction breaks right answers. Null
 * when no correction had that "before" verdict.
 */
public record SelfCorrection(
        @JsonProperty("corrections") int corrections,
        @JsonProperty("wrong_before") int wrongBefore,
        @JsonProperty("right_before") int rightBefore,
        @JsonProperty("right_after_given_wrong_before") Double rightAfterGivenWrongBefore,
        @JsonProperty("right_after_given_right_before") Double rightAfterGivenRightBefore) {

    public static SelfCorrection of(Collection<CorrectionOutcome> outcomes) {
        int wrongBefore = 0;
        int repaired = 0;
        int rightBefore = 0;
        int kept = 0;
        for (CorrectionOutcome o : outcomes) {
            if (o.rightBefore()) {
                rightBefore++;
                kept += o.rightAfter() ? 1 : 0;
            } else {
                wrongBefore++;
                repaired += o.rightAfter() ? 1 : 0;
            }
        }
        return new SelfCorrection(
                outcomes.size(),
                wrongBefore,
                rightBefore,
                wrongBefore == 0 ? null : (double) repaired / wrongBefore,
                rightBefore == 0 ? null : (double) kept / rightBefore);
    }
}
