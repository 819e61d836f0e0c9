package lyceum.model;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process trainer: builds a fresh model from {@code config} (when the job has no base) or loads
 * the job's base checkpoint, trains it on the job's examples and stores the result as a new checkpoint
 * whose content hash is the returned model version.
 *
 * <p>Not thread-safe: one instance per device, called by one thread at a time; and only one training
 * per JVM runs at a time, since the engine records gradients globally.
 */
public final class DjlTrainer implements Trainer {
    private static final Logger log = LoggerFactory.getLogger(DjlTrainer.class);

    private final CheckpointStore store;
    private final Device device;
    private final ModelConfig config;
    private final TrainingSettings settings;

    public DjlTrainer(CheckpointStore store) {
        this(store, DjlRuntime.defaultDevice(), ModelConfig.defaults(), TrainingSettings.defaults());
    }

    /** {@code config} applies to models trained from scratch; a fine-tune keeps its base's config. */
    public DjlTrainer(CheckpointStore store, Device device, ModelConfig config, TrainingSettings settings) {
        this.store = store;
        this.device = device;
        this.config = config;
        this.settings = settings;
    }

    @Override
    public TrainedModel train(TrainingJob job, Consumer<String> progress) throws Exception {
        String base = job.baseModelVersion();
        try (LanguageModel model =
                base == null ? LanguageModel.initialize(config, device, job.seed()) : store.load(base, device)) {
            progress.accept(String.format(
                    "%s iteration %d: %s on %d examples, %d epochs, lr %.2e, %d parameters, device %s",
                    job.experimentId(),
                    job.iteration(),
                    base == null ? "training from scratch" : "fine-tuning " + base,
                    job.examples().size(),
                    job.epochs(),
                    job.learningRate(),
                    model.config().parameterCount(),
                    device()));
            TrainingReport report = new ModelTraining(model, settings)
                    .run(job.examples(), job.epochs(), job.learningRate(), job.seed(), progress);
            SavedCheckpoint saved = store.save(model, base, trainingRecord(job, report));
            progress.accept(String.format(
                    "saved %s: loss %.4f -> %.4f in %d steps, %.0f tokens/s",
                    saved.modelVersion(),
                    report.firstLoss(),
                    report.lastLoss(),
                    report.steps(),
                    report.tokensPerSecond()));
            log.info(
                    "trained {} from {} for {} iteration {}",
                    saved.modelVersion(),
                    base,
                    job.experimentId(),
                    job.iteration());
            return new TrainedModel(
                    saved.modelVersion(),
                    saved.directory().toString(),
                    job.examples().size(),
                    report.lossSummary());
        }
    }

    private Map<String, Object> trainingRecord(TrainingJob job, TrainingReport report) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("experimentId", job.experimentId());
        record.put("iteration", job.iteration());
        record.put("examples", job.examples().size());
        record.put("epochs", job.epochs());
        record.put("learningRate", job.learningRate());
        record.put("seed", job.seed());
        record.put("settings", settings);
        record.put("losses", report.lossSummary());
        return record;
    }

    @Override
    public String device() {
        return DjlRuntime.deviceName(device);
    }
}
