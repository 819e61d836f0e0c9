package lyceum.openai;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.model.CheckpointStore;
import lyceum.model.LanguageModel;
import lyceum.model.TokenScores;

/**
 * Per-token log-probabilities of generated completions, for the {@code logprobs} a client asks for. The
 * engine's decoder keeps only their mean, so the server scores prompt and completion again
 * ({@link TokenScores}) over the same checkpoint. Keeps the last checkpoint it loaded; called by one
 * thread at a time.
 */
final class TokenScorer implements AutoCloseable {

    private final CheckpointStore store;
    private String loadedVersion;
    private LanguageModel model;

    TokenScorer(CheckpointStore store) {
        this.store = store;
    }

    /** Scores {@code generations}, each the answer to the request at the same index, keeping {@code top} alternatives. */
    List<TokenScores.Scored> score(
            String version, List<GenerationRequest> requests, List<Generation> generations, int top)
            throws IOException {
        List<TokenScores.Completion> completions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            completions.add(new TokenScores.Completion(
                    requests.get(i).prompt(),
                    generations.get(i).text(),
                    !generations.get(i).truncated()));
        }
        return TokenScores.score(load(version), completions, top);
    }

    private LanguageModel load(String version) throws IOException {
        if (!version.equals(loadedVersion)) {
            close();
            model = store.load(version);
            loadedVersion = version;
        }
        return model;
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
            loadedVersion = null;
        }
    }
}
