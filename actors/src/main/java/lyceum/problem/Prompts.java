package lyceum.problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The prompts a problem is sampled with. Training always uses {@link #plain}: a rationale found with a
 * hint is learned as if it had been found without one.
 */
public final class Prompts {

  private Prompts() {}

  public static String plain(String question) {
    return question.strip() + "\n";
  }

  public static String withAnswerHint(String question, String answer) {
    return question.strip() + "\nHint: the answer is " + answer.strip() + ".\n";
  }

  public static String withRationaleGuide(String question, String rationale) {
    return question.strip() + "\nGuide:\n" + rationale.strip() + "\nSolution:\n";
  }

  /** The prompt for a state reset: generation continues after the first steps of the reference. */
  public static String withPrefix(String question, String prefix) {
    return plain(question) + prefix;
  }

  /**
   * The prompt a critic model answers: the solution to judge and the reference answer, then the
   * {@link Critique} format it must write in.
   */
  public static String critiqueRequest(String question, String referenceAnswer, String solution) {
    return plain(question) + "Answer:\n" + solution.strip() + "\nReference answer: " + referenceAnswer.strip()
        + CRITIQUE_FORMAT;
  }

  /** The prompt a critic model answers at test time: as {@link #critiqueRequest}, without the reference. */
  public static String blindCritiqueRequest(String question, String solution) {
    return plain(question) + "Answer:\n" + solution.strip() + CRITIQUE_FORMAT;
  }

  private static final String CRITIQUE_FORMAT =
      "\nJudge each step with a line \"Step k: correct - why\" or \"Step k: wrong - why\", then a last line"
          + " \"Verdict: correct\" or \"Verdict: wrong\".\nCritique:\n";

  /** The prompt for a reflection on a wrong first trial, under a demand type. */
  public static String reflectionRequest(String question, String firstTrial, String demand) {
    return plain(question) + "Answer:\n" + firstTrial.strip() + "\nThe answer is wrong. " + demand.strip()
        + "\nReflection:\n";
  }

  /**
   * The prompt for a revision: the question, the earlier answer, the feedback on it under its label
   * ("Teacher", "Critique", "Reflection"), then the revised answer to write.
   */
  public static String revision(String question, String earlierAnswer, String label, String feedback) {
    return plain(question) + "Answer:\n" + earlierAnswer.strip() + "\n" + label + ":\n" + feedback.strip()
        + "\nRevised answer:\n";
  }

  /**
   * The first {@code steps} reasoning lines of a reference rationale (never its final answer line),
   * each ending in a newline.
   */
  public static String rationalePrefix(String rationale, int steps) {
    List<String> lines = reasoningLines(rationale);
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < Math.min(steps, lines.size()); i++) {
      prefix.append(lines.get(i)).append('\n');
    }
    return prefix.toString();
  }

  /** The reasoning lines of a rationale: its non-blank lines before a final "#### N" line. */
  public static List<String> reasoningLines(String rationale) {
    if (rationale == null) {
      return List.of();
    }
    return rationale.strip().lines().filter(l -> !l.isBlank()).filter(l -> !l.startsWith("####")).toList();
  }

  /**
   * State-reset prefix length for a resample round: cycles 1, 2, ..., steps-1, 1, ... so later rounds
   * start from deeper into the reference; a one-step rationale gets no prefix.
   */
  public static int stateResetSteps(int round, int reasoningSteps) {
    if (reasoningSteps <= 1 || round <= 0) {
      return 0;
    }
    return ((round - 1) % (reasoningSteps - 1)) + 1;
  }

  public static String hash(String prompt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
