package lyceum.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lyceum.events.ProblemEvent;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Corrected;
import lyceum.events.ProblemEvent.DecisionRule;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Rejected;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.problem.Prompts;

/**
 * One problem's training records of one iteration in an {@link ExportFormat}, from its journal alone.
 *
 * <p>SFT formats: one record per Accepted event, with the prompt and completion it was trained on.
 *
 * <p>DPO pairs, per problem: every Corrected event of the iteration whose original sample was wrong and
 * whose refinement is right gives (chosen = the refinement, rejected = the original), prompted with the
 * plain question. A problem with no such correction instead pairs its accepted samples with its samples
 * rejected as incorrect, the i-th accepted with the i-th rejected in (round, index) order, each sample in
 * at most one pair, prompted with the accepted sample's training prompt.
 */
public final class TrainingRecords {

  /** Where a DPO pair came from. */
  public static final String FROM_CORRECTION = "correction";
  public static final String FROM_REJECTION = "accepted-vs-incorrect";

  private TrainingRecords() {}

  public static List<Map<String, Object>> of(List<ProblemEvent> events, int iteration, ExportFormat format) {
    return format == ExportFormat.TRL_DPO ? preferencePairs(events, iteration) : supervised(events, iteration, format);
  }

  private static List<Map<String, Object>> supervised(List<ProblemEvent> events, int iteration, ExportFormat format) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (ProblemEvent event : events) {
      if (event instanceof Accepted a && a.iteration() == iteration) {
        records.add(switch (format) {
          case ALPACA -> record("instruction", a.trainingPrompt(), "input", "", "output", a.trainingCompletion(),
              "sample_id", a.sampleId());
          case SHAREGPT -> record("conversations", List.of(
                  record("from", "human", "value", a.trainingPrompt()),
                  record("from", "gpt", "value", a.trainingCompletion())),
              "sample_id", a.sampleId());
          case TRL_SFT -> record("messages", List.of(
                  record("role", "user", "content", a.trainingPrompt()),
                  record("role", "assistant", "content", a.trainingCompletion())),
              "sample_id", a.sampleId());
          case TRL_DPO -> throw new IllegalStateException("not a supervised format");
        });
      }
    }
    return records;
  }

  private static List<Map<String, Object>> preferencePairs(List<ProblemEvent> events, int iteration) {
    ProblemRegistered problem = null;
    Map<String, Sampled> samples = new HashMap<>();
    List<Accepted> accepted = new ArrayList<>();
    List<Rejected> incorrect = new ArrayList<>();
    List<Corrected> repairs = new ArrayList<>();
    for (ProblemEvent event : events) {
      if (event instanceof ProblemRegistered r) {
        problem = r;
      } else if (event instanceof Sampled s && s.iteration() == iteration) {
        samples.put(s.sampleId(), s);
      } else if (event instanceof Accepted a && a.iteration() == iteration) {
        accepted.add(a);
      } else if (event instanceof Rejected r && r.iteration() == iteration
          && r.reasons().stream().anyMatch(reason -> reason.rule() == DecisionRule.INCORRECT)) {
        incorrect.add(r);
      } else if (event instanceof Corrected c && c.iteration() == iteration && !c.originalCorrect()
          && c.refinedCorrect() && c.refinedText() != null) {
        repairs.add(c);
      }
    }
    List<Map<String, Object>> pairs = new ArrayList<>();
    if (problem == null) {
      return pairs;
    }
    Set<String> used = new HashSet<>();
    for (Corrected c : repairs) {
      Sampled original = samples.get(c.sampleId());
      if (original != null && original.text() != null && used.add(c.refinedSampleId())) {
        pairs.add(pair(Prompts.plain(problem.question()), c.refinedText(), original.text(), c.refinedSampleId(),
            c.sampleId(), FROM_CORRECTION));
      }
    }
    if (!pairs.isEmpty()) {
      return pairs;
    }
    // Accepted and Rejected events are journaled in (round, index) order.
    int next = 0;
    for (Accepted a : accepted) {
      while (next < incorrect.size() && textOf(samples, incorrect.get(next).sampleId()) == null) {
        next++;
      }
      if (next == incorrect.size()) {
        break;
      }
      Rejected r = incorrect.get(next++);
      pairs.add(pair(a.trainingPrompt(), a.trainingCompletion(), textOf(samples, r.sampleId()), a.sampleId(),
          r.sampleId(), FROM_REJECTION));
    }
    return pairs;
  }

  private static String textOf(Map<String, Sampled> samples, String sampleId) {
    Sampled s = samples.get(sampleId);
    return s == null ? null : s.text();
  }

  private static Map<String, Object> pair(String prompt, String chosen, String rejected, String chosenId,
      String rejectedId, String source) {
    return record("prompt", prompt, "chosen", chosen, "rejected", rejected, "chosen_sample_id", chosenId,
        "rejected_sample_id", rejectedId, "pair_source", source);
  }

  /** An ordered JSON object from alternating keys and values. */
  private static Map<String, Object> record(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
