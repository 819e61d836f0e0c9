package lyceum.grading;

/**
 * An answer read from a text, with the rule that found it.
 *
 * @param answer the answer text, trimmed; "" when nothing was found
 * @param rule   which extraction rule found it
 */
public record Extraction(String answer, Rule rule) {

    /** Extraction rules, in the vocabulary verdicts and audits use. */
    public enum Rule {
        /** the last {@code \boxed{...}} or {@code \fbox{...}} */
        BOXED,
        /** the text after the last GSM8K {@code ####} marker */
        HASH_MARKER,
        /** the text after the last "the (final) answer is" */
        ANSWER_IS,
        /** the last line that starts "Answer:", "Final answer:" or "A:" */
        ANSWER_LINE,
        /** a multiple-choice letter */
        CHOICE,
        /** no marker: the last math group ({@code $..$}, {@code \(..\)}, {@code \[..\]}) of the text */
        LATEX_GROUP,
        /** no marker: the last number in the text */
        LAST_NUMBER,
        /** the whole text is the answer (gold written as a bare answer) */
        WHOLE_TEXT,
        /** nothing found */
        NONE
    }

    static Extraction none() {
        return new Extraction("", Rule.NONE);
    }

    public boolean found() {
        return !answer.isEmpty();
    }
}
