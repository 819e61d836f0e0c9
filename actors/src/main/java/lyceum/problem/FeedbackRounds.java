package lyceum.problem;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import lyceum.engine.ModelRef;
import lyceum.engine.SamplingParams;
import lyceum.events.ProblemEvent.HintKind;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.RequestKey;
import lyceum.experiment.config.ExperimentConfig;
import lyceum.experiment.config.StrategySettings.StrategyName;
import lyceum.workers.GenerationPool;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The rounds of the feedback strategies, as pure functions of a problem's journal:
 *
 * <ul>
 *   <li>interactive (GSI): while fewer than min_correct samples are right, a round gets one teacher
 *       feedback on the latest wrong sample (its first wrong step and why) and resample-num revisions of it;
 *   <li>critique (MathCritique): one round after the first; every wrong first-round sample gets a
 *       critique and {@code refinements} refinements;
 *   <li>reflection (ReflectEvo): one round after the first; every wrong first trial gets
 *       {@code reflections} reflections under a demand, and a second trial per reflection.
 * </ul>
 *
 * A round's feedback is journaled as Hinted events, one per {@link Slot}, before its samples are asked
 * for; sample i of the round is conditioned on hint i modulo their number.
 */
final class FeedbackRounds {

    private FeedbackRounds() {}

    /** One piece of feedback to write: about which earlier sample, and which of its attempts. */
    record Slot(Sampled about, int attempt) {}

    /** The samples drawn so far in an iteration, in (round, index) order. */
    record Drawn(List<Sampled> samples) {
        int size() {
            return samples.size();
        }

        int correct() {
            return (int) samples.stream().filter(Sampled::correct).count();
        }

        List<Sampled> wrongIn(int round) {
            return samples.stream()
                    .filter(s -> s.round() == round && !s.correct())
                    .toList();
        }

        /** Interactive: the wrong sample of the latest earlier round, so the dialogue continues from the last revision. */
        Optional<Sampled> latestWrongBefore(int round) {
            return samples.stream()
                    .filter(s -> s.round() < round && !s.correct())
                    .max(Comparator.comparingInt(Sampled::round).thenComparingInt(s -> -s.index()));
        }
    }

    static boolean opensAnother(ExperimentConfig.Strategy strategy, Drawn it, int round) {
        if (round >= strategy.maxResample() || it.wrongIn(0).isEmpty()) {
            return false;
        }
        return switch (strategy.name()) {
            case INTERACTIVE -> it.correct() < strategy.minCorrect();
            case CRITIQUE, REFLECTION -> round == 0;
            default -> false;
        };
    }

    static String cause(ExperimentConfig.Strategy strategy, Drawn it) {
        int wrong = it.size() - it.correct();
        return switch (strategy.name()) {
            case INTERACTIVE ->
                it.correct() + " of " + it.size() + " correct, below min_correct " + strategy.minCorrect()
                        + "; a teacher names the first wrong step";
            case CRITIQUE ->
                wrong + " of " + it.size() + " wrong: a critique of each, then "
                        + strategy.feedback().refinements() + " refinement(s) per critique";
            case REFLECTION ->
                wrong + " of " + it.size() + " wrong: " + strategy.feedback().reflections()
                        + " reflection(s) each under demand "
                        + strategy.feedback().demand().key() + ", then a second trial per reflection";
            default -> throw new IllegalArgumentException(strategy.name().key() + " uses no feedback");
        };
    }

    /** The feedback round {@code round} needs, in slot order. */
    static List<Slot> slots(ExperimentConfig.Strategy strategy, Drawn it, int round) {
        return switch (strategy.name()) {
            case INTERACTIVE ->
                it.latestWrongBefore(round).map(s -> List.of(new Slot(s, 0))).orElse(List.of());
            case CRITIQUE -> it.wrongIn(0).stream().map(s -> new Slot(s, 0)).toList();
            case REFLECTION ->
                it.wrongIn(0).stream()
                        .flatMap(s -> IntStream.range(0, strategy.feedback().reflections())
                                .mapToObj(j -> new Slot(s, j)))
                        .toList();
            default -> List.of();
        };
    }

    /** Samples drawn in a feedback round that holds {@code hints} hints. */
    static int samplesInRound(ExperimentConfig.Strategy strategy, int round, int hints) {
        return switch (strategy.name()) {
            case INTERACTIVE -> strategy.samplesInRound(round);
            case CRITIQUE -> hints * strategy.feedback().refinements();
            case REFLECTION -> hints;
            default -> strategy.samplesInRound(round);
        };
    }

    static HintKind kind(StrategyName strategy) {
        return switch (strategy) {
            case INTERACTIVE -> HintKind.TEACHER_FEEDBACK;
            case CRITIQUE -> HintKind.CRITIQUE;
            case REFLECTION -> HintKind.REFLECTION;
            default -> throw new IllegalArgumentException(strategy.key() + " uses no feedback");
        };
    }

    static boolean isFeedback(HintKind kind) {
        return kind == HintKind.TEACHER_FEEDBACK || kind == HintKind.CRITIQUE || kind == HintKind.REFLECTION;
    }

    /** Whether the round's feedback is written by a model through the generation pool. */
    static boolean needsModel(ExperimentConfig.Strategy strategy, ModelRef sampledModel) {
        return switch (strategy.name()) {
            case REFLECTION -> true;
            case CRITIQUE -> strategy.feedback().useCritic() && critic(strategy, sampledModel) instanceof ModelCritic;
            case INTERACTIVE -> critic(strategy, sampledModel) instanceof ModelCritic;
            default -> false;
        };
    }

    static Critic critic(ExperimentConfig.Strategy strategy, ModelRef sampledModel) {
        return Critic.of(strategy.feedback(), sampledModel);
    }

    /** Who wrote the feedback, as journaled in Hinted.source and Corrected.criticModelVersion. */
    static String source(ExperimentConfig.Strategy strategy, ModelRef sampledModel) {
        return switch (strategy.name()) {
            case REFLECTION -> sampledModel.engineName(); // a reflection is the sampled model's own
            case CRITIQUE ->
                strategy.feedback().useCritic() ? critic(strategy, sampledModel).version() : "none";
            default -> critic(strategy, sampledModel).version();
        };
    }

    /**
     * What a model is asked for a slot: a reflection from the sampled model (sampled, so a problem's
     * reflections differ) or a critique from the model critic.
     */
    static GenerationPool.Generate request(
            ExperimentConfig.Strategy strategy,
            Prompts prompts,
            ProblemRegistered problem,
            Slot slot,
            RequestKey.Feedback key,
            Long experimentSeed,
            ModelRef sampledModel,
            ActorRef<GenerationPool.Reply> replyTo) {
        if (strategy.name() == StrategyName.REFLECTION) {
            Prompts.Prompt prompt = prompts.reflection(
                    problem.question(),
                    slot.about().text(),
                    strategy.feedback().demand().instruction());
            return new GenerationPool.Generate(
                    sampledModel,
                    prompt.request(
                            key.wire(),
                            new SamplingParams(
                                    strategy.temperature(),
                                    strategy.topP(),
                                    strategy.maxTokens(),
                                    key.seed(experimentSeed))),
                    replyTo);
        }
        ModelCritic critic = (ModelCritic) critic(strategy, sampledModel);
        return new GenerationPool.Generate(
                critic.model(),
                critic.request(prompts, key.wire(), problem, slot.about().text(), strategy.maxTokens()),
                replyTo);
    }

    /** Feedback written without a model: the step checker's critique, or the bare verdict. */
    static String withoutModel(ExperimentConfig.Strategy strategy, ProblemRegistered problem, Slot slot) {
        if (strategy.name() == StrategyName.CRITIQUE && !strategy.feedback().useCritic()) {
            return "Verdict: wrong";
        }
        return StepCheckerCritic.critique(
                slot.about().text(), problem.referenceRationale(), slot.about().correct());
    }

    /** The hint payload from what the critic or model wrote: a teacher passes on the first wrong step only. */
    static String payload(StrategyName strategy, String written) {
        return strategy == StrategyName.INTERACTIVE ? Critique.parse(written).teacherFeedback() : written.strip();
    }

    static String label(HintKind kind) {
        return switch (kind) {
            case TEACHER_FEEDBACK -> "Teacher";
            case CRITIQUE -> "Critique";
            case REFLECTION -> "Reflection";
            default -> throw new IllegalArgumentException(kind + " is not feedback");
        };
    }
}
