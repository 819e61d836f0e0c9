package lyceum.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process trainer: builds a fresh model from {@code config} (when the job has no base) or loads
 * the job's base checkpoint, trains it on the job's examples and stores the result as a new checkpoint
 * whose content hash is the returned model version.
 *
 * <p>Training is deterministic, so a job identical to one this trainer already ran (same base, examples,
 * epochs, rate, seed, model and training settings) returns that job's checkpoint instead of training
 * again: two experiments that differ only after M_0, as {@code demo --compare}'s do, train it once.
 * Only within one process, so a checkpoint is never reused by other code than the one that wrote it.
 *
 * <p>Not thread-safe: one instance per device, called by one thread at a time; and only one training
 * per JVM runs at a time, since the engine records gradients globally.
 */
public final class DjlTrainer implements Trainer {
    private static final Logger log = LoggerFactory.getLogger(DjlTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CheckpointStore store;
    private final Device device;
    private final ModelConfig config;
    private final TrainingSettings settings;
    private final Map<String, TrainedModel> trainedJobs = new ConcurrentHashMap<>();

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
        String key = jobKey(job);
        TrainedModel done = trainedJobs.get(key);
        if (done != null && store.contains(done.modelVersion())) {
            progress.accept(String.format(
                    "%s iteration %d: %s, trained here before by an identical job (same base, examples, epochs,"
                            + " rate, seed and settings)",
                    job.experimentId(), job.iteration(), done.modelVersion()));
            return done;
        }
        TrainedModel trained = trainOnce(job, progress);
        trainedJobs.put(key, trained);
        return trained;
    }

    private TrainedModel trainOnce(TrainingJob job, Consumer<String> progress) throws Exception {
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

    /** What determines a job's checkpoint; the experiment id and sample ids do not. */
    private String jobKey(TrainingJob job) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        String head = String.join(
                "\u0000",
                String.valueOf(job.baseModelVersion()),
                JSON.writeValueAsString(config),
                JSON.writeValueAsString(settings),
                String.valueOf(job.epochs()),
                Double.toString(job.learningRate()),
                Long.toString(job.seed()),
                device());
        digest.update(head.getBytes(StandardCharsets.UTF_8));
        for (TrainingExample example : job.examples()) {
            digest.update((byte) 1);
            digest.update(example.prompt().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(example.completion().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
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
