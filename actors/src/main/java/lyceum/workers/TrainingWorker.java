package lyceum.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import lyceum.engine.TrainedModel;
import lyceum.engine.Trainer;
import lyceum.engine.TrainingExample;
import lyceum.engine.TrainingJob;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One training engine on one device. The training set travels as a JSONL file in the shared data
 * folder (checkpoints live there too), not inside the message. A job that names a trainer profile runs
 * that external trainer on the file instead of the node's own; the profiles (their argv) are the node's
 * own configuration ({@link TrainerProfiles}), and a profile the node does not hold is refused.
 */
public final class TrainingWorker extends AbstractBehavior<TrainingWorker.Command> {

    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "training-worker");

    public sealed interface Command extends LyceumSerializable {}

    public record Train(
            String experimentId,
            int iteration,
            String baseModelVersion,
            String datasetPath,
            int epochs,
            double learningRate,
            long seed,
            String trainerProfile,
            String datasetHash,
            String dataFormat,
            String baseModel,
            ActorRef<Result> replyTo)
            implements Command {

        /** The format the set is written in; a message without one (an older sender's) is Lyceum's own. */
        public TrainingDataFormat format() {
            return TrainingDataFormat.of(dataFormat);
        }
    }

    public sealed interface Result extends LyceumSerializable {}

    public record Trained(TrainedModel model, String workerNode) implements Result {}

    /**
     * {@code permanent}: no retry can succeed (the node does not hold the job's trainer profile, or the
     * training set is not the one journaled).
     */
    public record TrainingFailed(String error, String workerNode, boolean permanent) implements Result {
        public TrainingFailed(String error, String workerNode) {
            this(error, workerNode, false);
        }
    }

    private record Finished(Train job, TrainedModel model, Throwable error) implements Command {}

    /** A worker with the node's own trainer alone: every trainer profile is refused. */
    public static Behavior<Command> create(Trainer trainer, String nodeName) {
        return create(trainer, TrainerProfiles.none(), nodeName);
    }

    public static Behavior<Command> create(Trainer trainer, TrainerProfiles profiles, String nodeName) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            return new TrainingWorker(context, trainer, profiles, nodeName);
        });
    }

    private final Trainer trainer;
    private final TrainerProfiles profiles;
    private final String nodeName;
    private final ExecutorService device;
    private Train running;
    /** Jobs of other experiments wait their turn: one device trains one model at a time. */
    private final java.util.Deque<Train> queued = new java.util.ArrayDeque<>();

    private TrainingWorker(ActorContext<Command> context, Trainer trainer, TrainerProfiles profiles, String nodeName) {
        super(context);
        this.trainer = trainer;
        this.profiles = profiles;
        this.nodeName = nodeName;
        this.device = Executors.newSingleThreadExecutor(DaemonThreads.named("training-" + trainer.device()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Train.class, this::onTrain)
                .onMessage(Finished.class, this::onFinished)
                .onSignal(PostStop.class, signal -> stop())
                .build();
    }

    private Behavior<Command> onTrain(Train job) {
        if (job.trainerProfile() != null && profiles.get(job.trainerProfile()).isEmpty()) {
            String error = "trainer profile '" + job.trainerProfile() + "' is not defined on gpu node " + nodeName
                    + " (" + TrainerProfiles.PATH + "." + job.trainerProfile() + " in its configuration); it defines "
                    + (profiles.names().isEmpty() ? "none" : profiles.names());
            getContext()
                    .getLog()
                    .warn("refused training of {} iteration {}: {}", job.experimentId(), job.iteration(), error);
            job.replyTo().tell(new TrainingFailed(error, nodeName, true));
            return this;
        }
        if (running != null && sameJob(running, job)) {
            running = job; // a retry of the job already running: its result answers the retry
            return this;
        }
        queued.removeIf(q -> sameJob(q, job));
        queued.add(job);
        if (running == null) {
            startNext();
        }
        return this;
    }

    private static boolean sameJob(Train a, Train b) {
        return a.experimentId().equals(b.experimentId()) && a.iteration() == b.iteration();
    }

    private void startNext() {
        Train job = queued.poll();
        if (job == null) {
            return;
        }
        running = job;
        var log = getContext().getLog();
        CompletableFuture<TrainedModel> work = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        Path data = Path.of(job.datasetPath());
                        TrainingSetHash.verify(job.format().files(data), job.datasetHash());
                        List<TrainingExample> examples = readExamples(data, job.format());
                        Consumer<String> progress =
                                line -> log.info("[{} iteration {}] {}", job.experimentId(), job.iteration(), line);
                        Trainer engine = trainer;
                        if (job.trainerProfile() != null) {
                            // An external trainer runs on the same devices: free them as the node's own would.
                            trainer.freeDevices(progress);
                            engine = new CommandTrainer(
                                    profiles.get(job.trainerProfile()).orElseThrow(),
                                    data,
                                    job.format(),
                                    job.baseModel() == null ? "" : job.baseModel());
                        }
                        return engine.train(
                                new TrainingJob(
                                        job.experimentId(),
                                        job.iteration(),
                                        job.baseModelVersion(),
                                        examples,
                                        job.epochs(),
                                        job.learningRate(),
                                        job.seed()),
                                progress);
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                },
                device);
        getContext().pipeToSelf(work, (model, error) -> new Finished(job, model, error));
    }

    private Behavior<Command> onFinished(Finished finished) {
        ActorRef<Result> replyTo =
                running != null ? running.replyTo() : finished.job().replyTo();
        running = null;
        if (finished.error() != null) {
            Throwable cause =
                    finished.error().getCause() != null ? finished.error().getCause() : finished.error();
            getContext().getLog().warn("training failed: {}", cause.toString());
            replyTo.tell(new TrainingFailed(cause.toString(), nodeName, changedTrainingSet(finished.error())));
        } else {
            replyTo.tell(new Trained(finished.model(), nodeName));
        }
        startNext();
        return this;
    }

    private static boolean changedTrainingSet(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TrainingSetHash.Mismatch) {
                return true;
            }
        }
        return false;
    }

    static List<TrainingExample> readExamples(Path file) throws Exception {
        return readExamples(file, TrainingDataFormat.LYCEUM);
    }

    /** The set's examples; a line not in the format fails the job naming the file and line. */
    static List<TrainingExample> readExamples(Path file, TrainingDataFormat format) throws Exception {
        List<TrainingExample> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    try {
                        examples.add(format.read(line));
                    } catch (IOException e) {
                        throw new IOException(
                                file + ":" + number + ": not a " + format.key() + " training example: "
                                        + e.getMessage(),
                                e);
                    }
                }
            }
        }
        return examples;
    }

    private Behavior<Command> stop() {
        device.shutdownNow();
        return this;
    }
}
