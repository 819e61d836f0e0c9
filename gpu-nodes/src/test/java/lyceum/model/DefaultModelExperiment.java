package lyceum.model;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import lyceum.engine.Generation;
import lyceum.engine.GenerationRequest;
import lyceum.engine.SamplingParams;
import lyceum.engine.TrainingExample;

/**
 * Not a unit test: measures how fast the default model learns the demo's kind of data. Trains from
 * scratch on arithmetic word problems, then reports training throughput, greedy accuracy on trained and
 * held-out problems, and sampling throughput at T=0.7.
 *
 * <p>Run: java -cp gpu-nodes/target/test-classes:gpu-nodes/target/classes:$(cat /tmp/gpu.cp)
 * lyceum.model.DefaultModelExperiment [problems] [epochs] [learningRate] [maxSteps] [modelDim] [layers]
 */
public final class DefaultModelExperiment {
    public static void main(String[] args) {
        int problems = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        double learningRate = args.length > 2 ? Double.parseDouble(args[2]) : 3e-3;
        int maxSteps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ModelConfig defaults = ModelConfig.defaults();
        int dim = args.length > 4 ? Integer.parseInt(args[4]) : defaults.modelDim();
        int layers = args.length > 5 ? Integer.parseInt(args[5]) : defaults.layers();
        PositionEncoding positions = PositionEncoding.valueOf(
                System.getProperty("positions", defaults.positionEncoding().name()));
        ModelConfig config = new ModelConfig(
                defaults.vocabSize(), defaults.contextLength(), dim, defaults.heads(), layers, 4 * dim, positions);
        Device device = DjlRuntime.defaultDevice();
        List<TrainingExample> all = "demo".equals(System.getProperty("data"))
                ? demoProblems(problems + 200, maxSteps)
                : ArithmeticProblems.generate(problems + 200, maxSteps, 42);
        List<TrainingExample> train = all.subList(0, problems);
        List<TrainingExample> heldOut = all.subList(problems, problems + 200);
        int batchSize = Integer.getInteger("batch", TrainingSettings.defaults().batchSize());
        try (LanguageModel model = LanguageModel.initialize(config, device, 1)) {
            if (Boolean.getBoolean("sinusoidal")) {
                sinusoidalPositions(model);
            }
            System.out.printf(
                    "config %s, %d parameters, %d problems, %d epochs, lr %.1e, batch %d%n",
                    config, config.parameterCount(), problems, epochs, learningRate, batchSize);
            TrainingReport report = new ModelTraining(
                            model,
                            TrainingSettings.defaults().withBatchSize(batchSize).withLogEverySteps(50))
                    .run(train, epochs, learningRate, 1, System.out::println);
            System.out.printf(
                    "training: %.1f s, %.0f tokens/s, %.1f GFLOP/s, loss %.3f -> %.3f (final epoch %.3f)%n",
                    report.seconds(),
                    report.tokensPerSecond(),
                    report.flopsPerSecond() / 1e9,
                    report.firstLoss(),
                    report.lastLoss(),
                    report.finalEpochLoss());
            evaluate("held-in", model, train.subList(0, 200));
            evaluate("held-out", model, heldOut);
            List<GenerationRequest> sampling = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                for (int k = 0; k < 4; k++) {
                    sampling.add(new GenerationRequest(
                            "s" + i + "-" + k, train.get(i).prompt(), new SamplingParams(0.7, 1.0, 128, 31L * i + k)));
                }
            }
            long start = System.nanoTime();
            List<Generation> samples = DjlGenerator.decodeInChunks(model, sampling, 64);
            double seconds = (System.nanoTime() - start) / 1e9;
            long tokens = samples.stream().mapToLong(Generation::tokenCount).sum();
            int correct = 0;
            for (int i = 0; i < samples.size(); i++) {
                correct += answer(samples.get(i).text())
                                .equals(answer(train.get(i / 4).completion()))
                        ? 1
                        : 0;
            }
            System.out.printf(
                    "sampling 64 problems x 4 at T=0.7: %d tokens in %.1f s = %.0f tokens/s, %d/%d correct%n",
                    tokens, seconds, tokens / seconds, correct, samples.size());
        }
    }

    /** The demo's data: the synthetic generator with operands up to 30. */
    private static List<TrainingExample> demoProblems(int count, int maxSteps) {
        var settings = new lyceum.datasets.SyntheticArithmetic.Settings(
                count,
                7,
                1,
                maxSteps,
                Integer.getInteger("maxOperand", 30),
                java.util.EnumSet.allOf(lyceum.datasets.SyntheticArithmetic.Op.class));
        return lyceum.datasets.SyntheticArithmetic.generate(settings).stream()
                .map(p -> new TrainingExample(p.problemId(), p.question().strip() + "\n", p.referenceRationale()))
                .toList();
    }

    private static void sinusoidalPositions(LanguageModel model) {
        ModelConfig config = model.config();
        float[] table = new float[config.contextLength() * config.modelDim()];
        for (int position = 0; position < config.contextLength(); position++) {
            for (int i = 0; i < config.modelDim() / 2; i++) {
                double angle = position / Math.pow(10_000, 2.0 * i / config.modelDim());
                table[position * config.modelDim() + 2 * i] = (float) (0.1 * Math.sin(angle));
                table[position * config.modelDim() + 2 * i + 1] = (float) (0.1 * Math.cos(angle));
            }
        }
        model.network().getParameters().forEach(pair -> {
            if (pair.getKey().equals("positionEmbedding")) {
                pair.getValue().getArray().set(table);
            }
        });
    }

    private static void evaluate(String name, LanguageModel model, List<TrainingExample> problems) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (TrainingExample problem : problems) {
            requests.add(new GenerationRequest(problem.sampleId(), problem.prompt(), SamplingParams.greedy(128)));
        }
        long start = System.nanoTime();
        List<Generation> generations = DjlGenerator.decodeInChunks(model, requests, 64);
        double seconds = (System.nanoTime() - start) / 1e9;
        int correct = 0;
        int exact = 0;
        int[] byStepsCorrect = new int[13];
        int[] byStepsTotal = new int[13];
        for (int i = 0; i < problems.size(); i++) {
            boolean right = answer(generations.get(i).text())
                    .equals(answer(problems.get(i).completion()));
            correct += right ? 1 : 0;
            exact += generations.get(i).text().equals(problems.get(i).completion()) ? 1 : 0;
            int steps = (int) problems.get(i).completion().lines().count() - 1;
            byStepsTotal[steps]++;
            byStepsCorrect[steps] += right ? 1 : 0;
        }
        StringBuilder bySteps = new StringBuilder();
        for (int steps = 1; steps < byStepsTotal.length; steps++) {
            if (byStepsTotal[steps] > 0) {
                bySteps.append(String.format(" %d-step %d/%d", steps, byStepsCorrect[steps], byStepsTotal[steps]));
            }
        }
        System.out.println(name + " accuracy by steps:" + bySteps);
        long tokens = generations.stream().mapToLong(Generation::tokenCount).sum();
        System.out.printf(
                "%s greedy: %d/%d correct answers, %d exact rationales (%.1f s, %.0f tokens/s)%n",
                name, correct, problems.size(), exact, seconds, tokens / seconds);
        for (int i = 0; i < 3; i++) {
            System.out.printf(
                    "  %s-> %s%n  expected %s%n",
                    problems.get(i).prompt(),
                    generations.get(i).text().replace("\n", " | "),
                    problems.get(i).completion().replace("\n", " | "));
        }
    }

    private static String answer(String text) {
        int mark = text.lastIndexOf("#### ");
        return mark < 0 ? "" : text.substring(mark + 5).trim();
    }
}
