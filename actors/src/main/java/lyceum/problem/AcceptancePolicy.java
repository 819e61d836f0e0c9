package lyceum.problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lyceum.events.ProblemEvent.DecisionReason;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.experiment.ExperimentConfig;

/**
 * Decides, once a problem's sampling for an iteration is over, which samples are kept: correct, not cut
 * off, not a duplicate of a kept rationale, and under the per-problem quota. Samples are considered in
 * (round, index) order, so the decision is a pure function of the journal.
 */
public final class AcceptancePolicy {

  /** Changing any rule changes this version; it is journaled with every decision. */
  public static final String VERSION = "lyceum-acceptance/1";

  public record Decision(Sampled sample, boolean accepted, List<DecisionReason> reasons) {}

  private AcceptancePolicy() {}

  public static List<Decision> decide(List<Sampled> samplesInOrder, ExperimentConfig.Acceptance settings) {
    List<Decision> decisions = new ArrayList<>(samplesInOrder.size());
    Map<String, String> keptByText = new HashMap<>();
    int kept = 0;
    for (Sampled s : samplesInOrder) {
      DecisionReason reason;
      if (!s.correct()) {
        reason = new DecisionReason(DecisionRule.INCORRECT,
            s.extractedAnswer() == null || s.extractedAnswer().isEmpty() ? "no answer found" : "answered " + s.extractedAnswer());
      } else if (s.truncated()) {
        reason = new DecisionReason(DecisionRule.TRUNCATED, s.tokenCount() + " tokens");
      } else if (settings.deduplicate() && keptByText.containsKey(normalise(s.text()))) {
        reason = new DecisionReason(DecisionRule.DUPLICATE, "duplicate of " + keptByText.get(normalise(s.text())));
      } else if (kept >= settings.quotaPerProblem()) {
        reason = new DecisionReason(DecisionRule.QUOTA_FULL, kept + " of " + settings.quotaPerProblem() + " kept");
      } else {
        kept++;
        keptByText.put(normalise(s.text()), s.sampleId());
        reason = new DecisionReason(DecisionRule.CORRECT_UNDER_QUOTA, kept + " of " + settings.quotaPerProblem());
        decisions.add(new Decision(s, true, List.of(reason)));
        continue;
      }
      decisions.add(new Decision(s, false, List.of(reason)));
    }
    return decisions;
  }

  /** Rationales that differ only in case or white space are the same rationale. */
  static String normalise(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
