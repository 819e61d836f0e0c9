package lyceum.projections.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lyceum.events.ProblemEvent.EvaluationAnswer;

/** The columns the greedy and the sampled answers' tables both keep of an answer, and their values. */
final class AnswerColumns {

    static final String COLUMNS = """
          model_version text,
          correct boolean,
          extracted_answer text,
          grader_version text,
          token_count int,
          mean_log_prob double""";

    private AnswerColumns() {}

    /** The values of {@link #COLUMNS}, in order, then {@code more}. */
    static List<Object> values(EvaluationAnswer answer, Object... more) {
        List<Object> values = new ArrayList<>(Arrays.asList(
                answer.modelVersion(),
                answer.correct(),
                answer.extractedAnswer(),
                answer.graderVersion(),
                answer.tokenCount(),
                answer.meanLogProb()));
        values.addAll(Arrays.asList(more));
        return values;
    }
}
