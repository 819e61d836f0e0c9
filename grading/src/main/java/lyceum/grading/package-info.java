/**
 * Grading: whether a model's answer is correct, which decides what the model trains on.
 *
 * <p>{@link lyceum.grading.Grader} is the entry point: {@code grade(gold, response)} reads the final
 * answer of a whole response ({@link lyceum.grading.AnswerExtractor}), reads the reference out of
 * the gold text, and decides equivalence: normalisation of presentation-only LaTeX, exact rational
 * arithmetic for plain numbers, structural rules for sets, tuples, intervals, matrices, relations
 * and words, and the Symja computer-algebra system for expressions, under a time limit. Every
 * {@link lyceum.grading.Verdict} names {@link lyceum.grading.Grader#VERSION} and the rule that
 * decided. {@link lyceum.grading.JsonlGrading} grades JSON Lines for the command line.
 *
 * <p>The rules and their documented decisions (percentages, rounded decimals, "(a,b)" as point or
 * open interval, list order, assignments) are listed on the package-private class
 * {@code AnswerEquivalence}; extraction rules on {@link lyceum.grading.AnswerExtractor}.
 */
package lyceum.grading;
