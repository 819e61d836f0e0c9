package lyceum.datasets;

import java.util.Objects;

/**
 * Which JSON fields of a custom JSONL file hold what. Question and answer are required; rationale,
 * difficulty and id are optional (null when the file has no such field).
 *
 * <p>The answer may be a bare answer or a whole solution: when it contains a GSM8K "#### N" line or a
 * {@code \boxed{}}, the reference answer is read from it and the whole text becomes the rationale
 * (unless a rationale field is mapped).
 */
public record FieldMapping(
        String questionField, String answerField, String rationaleField, String difficultyField, String idField) {

    public FieldMapping {
        Objects.requireNonNull(questionField, "questionField");
        Objects.requireNonNull(answerField, "answerField");
    }

    public static FieldMapping of(String questionField, String answerField) {
        return new FieldMapping(questionField, answerField, null, null, null);
    }

    public FieldMapping withRationale(String field) {
        return new FieldMapping(questionField, answerField, field, difficultyField, idField);
    }

    public FieldMapping withDifficulty(String field) {
        return new FieldMapping(questionField, answerField, rationaleField, field, idField);
    }

    public FieldMapping withId(String field) {
        return new FieldMapping(questionField, answerField, rationaleField, difficultyField, field);
    }
}
