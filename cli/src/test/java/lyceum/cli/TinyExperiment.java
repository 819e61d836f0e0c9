package lyceum.cli;

/** The experiment the command tests run on a real node and model: one iteration of a few synthetic problems. */
final class TinyExperiment {

    private TinyExperiment() {}

    /** Its configuration, named {@code name}, sampling and evaluating up to {@code maxTokens} tokens. */
    static String config(String name, int maxTokens) {
        return """
        experiment {
          name = "%s"
          iterations = 1
          dataset { held-in-count = 2, synthetic { train-count = 6, test-count = 2, min-steps = 1, max-steps = 2 } }
          strategy { sample-num = 2, min-correct = 1, max-resample = 1, max-tokens = %d }
          evaluation.max-tokens = %d
          training { initial-epochs = 1, epochs = 1 }
        }
        """.formatted(name, maxTokens, maxTokens);
    }
}
