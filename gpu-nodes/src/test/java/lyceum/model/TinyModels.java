package lyceum.model;

import java.util.ArrayList;
import java.util.List;
import lyceum.engine.TrainingExample;

/** Small models and data that keep engine tests to seconds. */
final class TinyModels {
    static final ModelConfig CONFIG = config(ModelConfig.defaults().positionEncoding());

    static ModelConfig config(PositionEncoding positions) {
        return new ModelConfig(CharTokenizer.standard().size(), 96, 48, 2, 2, 96, positions);
    }

    private TinyModels() {}

    /** "What is a + b?" problems with operands below {@code bound}, answered in the experiment format. */
    static List<TrainingExample> additions(int count, int bound, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int a = random.nextInt(bound);
            int b = random.nextInt(bound);
            examples.add(new TrainingExample(
                    "add-" + i,
                    "What is " + a + " + " + b + "?\n",
                    a + " + " + b + " = " + (a + b) + "\n#### " + (a + b)));
        }
        return examples;
    }

    /** A tiny model trained for a few steps: confident enough that greedy choices are not near ties. */
    static LanguageModel brieflyTrained(PositionEncoding positions) {
        LanguageModel model = LanguageModel.initialize(config(positions), DjlRuntime.defaultDevice(), 3);
        new ModelTraining(
                        model,
                        TrainingSettings.defaults()
                                .withBatchSize(16)
                                .withMaxSteps(40)
                                .withLogEverySteps(1000))
                .run(additions(320, 30, 3), 2, 5e-3, 3, line -> {});
        return model;
    }
}
