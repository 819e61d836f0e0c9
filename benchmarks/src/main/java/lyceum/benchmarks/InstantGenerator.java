package lyceum.benchmarks;

import java.util.ArrayList;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.Generator;

/**
 * A benchmark fixture: answers every request at once with the same correct rationale for
 * {@link SyntheticProblems}' question, so that the journal, not generation, limits throughput.
 */
final class InstantGenerator implements Generator {

    static final String TEXT = String.join(
            "\n",
            "Mia starts with 17 marbles and wins 25 more, so she has 17 + 25 = 42 marbles.",
            "She gives 9 to Leo and buys 9 new ones, so the count is 42 - 9 + 9 = 42.",
            "Nothing else changes during the afternoon, so she ends the day with 42 marbles.",
            "#### " + SyntheticProblems.ANSWER);

    @Override
    public List<Generation> generate(String modelVersion, List<GenerationRequest> batch) {
        return answers(batch, TEXT, 64, -0.35, 0);
    }

    /** The same answer to every request of {@code batch}, as decoded in {@code millis}. */
    static List<Generation> answers(
            List<GenerationRequest> batch, String text, int tokens, double meanLogProb, long millis) {
        List<Generation> out = new ArrayList<>(batch.size());
        for (GenerationRequest request : batch) {
            out.add(new Generation(request.requestId(), text, tokens, meanLogProb, false, millis));
        }
        return out;
    }

    @Override
    public int preferredBatchSize() {
        return 32;
    }

    @Override
    public String device() {
        return "instant";
    }
}
