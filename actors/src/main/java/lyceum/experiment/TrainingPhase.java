package lyceum.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.experiment.ExperimentActor.Command;
import lyceum.experiment.ExperimentActor.RetryTraining;
import lyceum.experiment.ExperimentActor.State;
import lyceum.experiment.ExperimentActor.TrainingReply;
import lyceum.experiment.ExperimentActor.TrainingWorkers;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.workers.TrainingWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The training phase: finds a training worker, asks it to fine-tune on the iteration's training set,
 * and retries a failed training with backoff. A training that fails {@code runtime.max-attempts} times,
 * or no worker in reach for {@code runtime.training-timeout}, ends the experiment with the reason.
 */
final class TrainingPhase {

    private static final Duration LOOKUP_EVERY = Duration.ofSeconds(2);

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final String experimentId;
    private int iteration = -1;
    private int attempts;
    private boolean inFlight;
    private long waitingSince;

    TrainingPhase(ActorContext<Command> context, TimerScheduler<Command> timers, String experimentId) {
        this.context = context;
        this.timers = timers;
        this.experimentId = experimentId;
    }

    void start(State state) {
        iteration = state.iteration();
        attempts = 0;
        inFlight = false;
        waitingSince = System.nanoTime();
        find();
    }

    void stop() {
        iteration = -1;
    }

    private boolean isCurrent(State state, int t) {
        return state.iteration() == t && iteration == t;
    }

    private void find() {
        int t = iteration;
        context.ask(
                Receptionist.Listing.class,
                context.getSystem().receptionist(),
                Duration.ofSeconds(5),
                r -> Receptionist.find(TrainingWorker.KEY, r),
                (listing, error) -> new TrainingWorkers(
                        t, listing == null ? Set.of() : listing.getServiceInstances(TrainingWorker.KEY)));
    }

    void onRetry(State state, RetryTraining cmd) {
        if (isCurrent(state, cmd.iteration()) && !inFlight) {
            find();
        }
    }

    Step onWorkers(State state, TrainingWorkers found) {
        if (!isCurrent(state, found.iteration()) || inFlight) {
            return Step.STAY;
        }
        ExperimentConfig config = state.config();
        if (found.workers().isEmpty()) {
            Duration waited = Duration.ofNanos(System.nanoTime() - waitingSince);
            if (waited.compareTo(config.runtime().trainingTimeout()) > 0) {
                return new Step.Failed("no training worker joined within "
                        + config.runtime().trainingTimeout() + " (is a node with role gpu up?)");
            }
            context.getLog().warn("{}: no training worker registered yet (is a node with role gpu up?)", experimentId);
            timers.startSingleTimer("training", new RetryTraining(found.iteration()), LOOKUP_EVERY);
            return Step.STAY;
        }
        ActorRef<TrainingWorker.Command> worker = found.workers().iterator().next();
        int t = found.iteration();
        ExperimentConfig.Training training = config.training();
        TrainingStarted info = state.training();
        int epochs = t == 0 ? training.initialEpochs() : training.epochs();
        inFlight = true;
        context.ask(
                TrainingWorker.Result.class,
                worker,
                config.runtime().trainingTimeout(),
                r -> new TrainingWorker.Train(
                        experimentId,
                        t,
                        info.baseModelVersion(),
                        info.datasetPath(),
                        epochs,
                        training.learningRateAt(t),
                        config.seed() * 1_000_003L + t,
                        training.trainerProfile(),
                        info.datasetHash(),
                        training.format().key(),
                        config.model().base(),
                        r),
                (result, error) -> new TrainingReply(t, result, error == null ? null : error.toString()));
        return Step.STAY;
    }

    Step onReply(State state, TrainingReply reply) {
        if (!isCurrent(state, reply.iteration())) {
            return Step.STAY;
        }
        inFlight = false;
        if (reply.result() instanceof TrainingWorker.Trained trained) {
            var m = trained.model();
            return new Step.Advance(List.of(new ModelTrained(
                    experimentId,
                    reply.iteration(),
                    m.modelVersion(),
                    m.checkpointPath(),
                    trained.workerNode(),
                    m.lossSummary())));
        }
        String error = reply.result() instanceof TrainingWorker.TrainingFailed f ? f.error() : reply.error();
        if (reply.result() instanceof TrainingWorker.TrainingFailed f && f.permanent()) {
            return new Step.Failed("training of iteration " + reply.iteration() + " failed: " + error);
        }
        attempts++;
        var runtime = state.config().runtime();
        if (attempts >= runtime.maxAttempts()) {
            return new Step.Failed(
                    "training of iteration " + reply.iteration() + " failed " + attempts + " times: " + error);
        }
        Duration wait = runtime.backoffBefore(attempts + 1);
        context.getLog()
                .warn("{}: training attempt {} failed ({}); retrying in {}", experimentId, attempts, error, wait);
        waitingSince = System.nanoTime();
        timers.startSingleTimer("training", new RetryTraining(reply.iteration()), wait);
        return Step.STAY;
    }
}
