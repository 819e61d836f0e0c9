package lyceum.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lyceum.engine.TrainingExample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised training of a model in memory on prompt/completion examples: masked next-token
 * cross-entropy, AdamW with warm-up and cosine decay, global-norm gradient clipping. Deterministic for
 * a seed on a given device and thread count (no dropout; batches come from {@link TrainingBatches}).
 * Only one training may run per JVM at a time (the engine's gradient recording is global).
 */
public final class ModelTraining {
    private static final Logger log = LoggerFactory.getLogger(ModelTraining.class);

    private final LanguageModel model;
    private final TrainingSettings settings;
    private final int queryBlock;
    private final boolean scoredOnly;
    private final List<Pair<String, Parameter>> parameters = new ArrayList<>();

    public ModelTraining(LanguageModel model, TrainingSettings settings) {
        this(model, settings, TransformerLm.CAUSAL_QUERY_BLOCK, true);
    }

    /**
     * {@code queryBlock} 0 attends over whole sequences at once; {@code scoredOnly} false projects every
     * position to the vocabulary and masks the loss. Both off is the plain reference path the
     * optimised one must match.
     */
    ModelTraining(LanguageModel model, TrainingSettings settings, int queryBlock, boolean scoredOnly) {
        this.model = model;
        this.settings = settings;
        this.queryBlock = queryBlock;
        this.scoredOnly = scoredOnly;
        model.network().getParameters().forEach(parameters::add);
    }

    public TrainingReport run(
            List<TrainingExample> examples, int epochs, double learningRate, long seed, Consumer<String> progress) {
        List<EncodedExample> encoded = new ArrayList<>();
        int clipped = 0;
        for (TrainingExample example : examples) {
            EncodedExample e =
                    EncodedExample.of(example, model.tokenizer(), model.config().contextLength());
            clipped += e.clipped() ? 1 : 0;
            if (e.scoredTokens() > 0) {
                encoded.add(e);
            }
        }
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException("no trainable examples among " + examples.size());
        }
        if (clipped > 0) {
            log.warn(
                    "{} of {} examples exceed the context of {} and lose their tail",
                    clipped,
                    examples.size(),
                    model.config().contextLength());
        }
        int batchSize = settings.batchSize();
        int stepsPerEpoch = TrainingBatches.batchesPerEpoch(encoded.size(), batchSize);
        int totalSteps = epochs * stepsPerEpoch;
        if (settings.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, settings.maxSteps());
        }
        Optimizer optimizer = Optimizer.adamW()
                .optLearningRateTracker(LearningRateSchedule.of(learningRate, totalSteps, settings))
                .optWeightDecays((float) settings.weightDecay())
                .build();
        Engine engine = DjlRuntime.engine();
        engine.setRandomSeed(Long.hashCode(seed));

        long started = System.nanoTime();
        long windowStart = started;
        long windowTokens = 0;
        double lossSum = 0;
        double epochLossSum = 0;
        int epochSteps = 0;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        long tokens = 0;
        long scored = 0;
        double flops = 0;
        int step = 0;
        model.setTrainable(true);
        try {
            for (int epoch = 0; epoch < epochs && step < totalSteps; epoch++) {
                epochLossSum = 0;
                epochSteps = 0;
                for (int[] batch : TrainingBatches.forEpoch(encoded, batchSize, seed, epoch)) {
                    if (step >= totalSteps) {
                        break;
                    }
                    StepResult result = trainStep(engine, optimizer, encoded, batch);
                    step++;
                    lastLoss = result.loss();
                    if (step == 1) {
                        firstLoss = lastLoss;
                    }
                    lossSum += lastLoss;
                    epochLossSum += lastLoss;
                    epochSteps++;
                    tokens += result.tokens();
                    scored += result.scoredTokens();
                    windowTokens += result.tokens();
                    flops += model.config()
                            .trainingFlops(
                                    result.tokens(),
                                    scoredOnly ? result.scoredTokens() : result.tokens(),
                                    result.length());
                    if (step % settings.logEverySteps() == 0 || step == totalSteps) {
                        long now = System.nanoTime();
                        progress.accept(String.format(
                                "step %d/%d epoch %d/%d loss %.4f lr %.2e tokens/s %.0f",
                                step,
                                totalSteps,
                                epoch + 1,
                                epochs,
                                lastLoss,
                                LearningRateSchedule.of(learningRate, totalSteps, settings)
                                        .getNewValue(step),
                                windowTokens / ((now - windowStart) / 1e9)));
                        windowStart = now;
                        windowTokens = 0;
                    }
                }
            }
        } finally {
            model.setTrainable(false);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new TrainingReport(
                firstLoss,
                lastLoss,
                lossSum / step,
                epochLossSum / Math.max(1, epochSteps),
                step,
                tokens,
                scored,
                clipped,
                seconds,
                flops);
    }

    private record StepResult(double loss, long tokens, long scoredTokens, int length) {}

    private StepResult trainStep(Engine engine, Optimizer optimizer, List<EncodedExample> examples, int[] batch) {
        int length = 0;
        for (int index : batch) {
            length = Math.max(length, examples.get(index).inputLength());
        }
        int rows = batch.length;
        long[] inputs = new long[rows * length];
        long[] targets = new long[rows * length];
        float[] weights = new float[rows * length];
        long tokens = 0;
        int scored = 0;
        for (int row = 0; row < rows; row++) {
            EncodedExample example = examples.get(batch[row]);
            int[] sequence = example.tokens();
            for (int i = 0; i < example.inputLength(); i++) {
                inputs[row * length + i] = sequence[i];
                targets[row * length + i] = sequence[i + 1];
                if (i >= example.promptLength() - 1) {
                    weights[row * length + i] = 1f;
                    scored++;
                }
            }
            tokens += example.inputLength();
        }
        float loss;
        try (NDManager step = model.manager().newSubManager()) {
            NDArray tokenArray = step.create(inputs, new Shape(rows, length));
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray lossArray = scoredOnly
                        ? scoredLoss(step, tokenArray, targets, weights, scored)
                        : maskedLoss(step, tokenArray, targets, weights, scored);
                collector.backward(lossArray);
                loss = lossArray.getFloat();
            }
        }
        update(optimizer);
        return new StepResult(loss, tokens, scored, length);
    }

    /** Mean negative log-likelihood of the scored targets, projecting all positions and masking. */
    private NDArray maskedLoss(NDManager step, NDArray tokens, long[] targets, float[] weights, int scored) {
        Shape shape = tokens.getShape();
        NDArray logits = model.network().causalLogits(tokens, queryBlock);
        NDArray targetLogProbs = logits.logSoftmax(-1)
                .gather(step.create(targets, new Shape(shape.get(0), shape.get(1), 1)), 2)
                .reshape(shape);
        return targetLogProbs.mul(step.create(weights, shape)).sum().div(-(float) scored);
    }

    /**
     * The same loss with only the scored positions (a fifth of them on the arithmetic problems, whose
     * prompts are long) taken through the final LayerNorm, the vocabulary projection and the softmax.
     */
    private NDArray scoredLoss(NDManager step, NDArray tokens, long[] targets, float[] weights, int scored) {
        long[] positions = new long[scored];
        long[] scoredTargets = new long[scored];
        int next = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0f) {
                positions[next] = i;
                scoredTargets[next++] = targets[i];
            }
        }
        NDArray hidden = model.network().causalHidden(tokens, queryBlock);
        NDArray selected = hidden.reshape(-1, model.config().modelDim()).get(step.create(positions));
        NDArray targetLogProbs = model.network()
                .project(selected)
                .logSoftmax(-1)
                .gather(step.create(scoredTargets, new Shape(scored, 1)), 1);
        return targetLogProbs.sum().div(-(float) scored);
    }

    private void update(Optimizer optimizer) {
        try (NDManager scratch = model.manager().newSubManager()) {
            List<NDArray> gradients = new ArrayList<>();
            NDArray squares = null;
            for (Pair<String, Parameter> parameter : parameters) {
                NDArray gradient = parameter.getValue().getArray().getGradient();
                gradient.attach(scratch);
                gradients.add(gradient);
                NDArray square = gradient.square().sum();
                squares = squares == null ? square : squares.add(square);
            }
            double norm = Math.sqrt(squares.getFloat());
            if (norm > settings.maxGradientNorm()) {
                float scale = (float) (settings.maxGradientNorm() / norm);
                gradients.forEach(gradient -> gradient.muli(scale));
            }
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i).getValue();
                optimizer.update(parameter.getId(), parameter.getArray(), gradients.get(i));
                // The engine accumulates gradients across backward passes; each step starts from zero.
                JniUtils.zeroGrad((PtNDArray) parameter.getArray());
            }
        }
    }
}
