package lyceum.replay;

import lyceum.grading.Grader;
import lyceum.grading.Verdict;

/**
 * Grades a response against a problem's reference answer, as the problem actor does when it journals
 * a sample. Replay takes one so a fixed or deliberately changed grader can be tried on old journals.
 */
@FunctionalInterface
public interface AnswerGrader {

  Verdict grade(String referenceAnswer, String response);

  /** The grader of this code version. */
  static AnswerGrader current() {
    return Grader.standard()::grade;
  }
}
