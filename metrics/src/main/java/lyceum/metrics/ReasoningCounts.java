package lyceum.metrics;

/**
 * Of the samples whose reasoning was checked step by step: how many were correct and how many of those
 * right for the wrong reason, all of them and the accepted ones. The share right for the wrong reason
 * among correct samples is what outcome-only acceptance would keep; among accepted ones, what the
 * policy kept.
 */
public record ReasoningCounts(
        int correctChecked, int correctWrongReason, int acceptedChecked, int acceptedWrongReason) {

    public static final ReasoningCounts NONE = new ReasoningCounts(0, 0, 0, 0);

    /** Counts one sample; a sample whose reasoning was not checked ({@code stepsValid} null) counts nowhere. */
    public ReasoningCounts plus(boolean correct, boolean accepted, Boolean stepsValid) {
        if (stepsValid == null || !correct) {
            return this;
        }
        int wrong = stepsValid ? 0 : 1;
        return new ReasoningCounts(
                correctChecked + 1,
                correctWrongReason + wrong,
                acceptedChecked + (accepted ? 1 : 0),
                acceptedWrongReason + (accepted ? wrong : 0));
    }

    public ReasoningCounts plus(ReasoningCounts o) {
        return new ReasoningCounts(
                correctChecked + o.correctChecked,
                correctWrongReason + o.correctWrongReason,
                acceptedChecked + o.acceptedChecked,
                acceptedWrongReason + o.acceptedWrongReason);
    }
}
