package lyceum.experiment.config;

/**
 * The data an experiment samples and evaluates on ({@code experiment.dataset}). {@link ExperimentConfig} implements it, so its
 * records keep their names {@code ExperimentConfig.Dataset} and so on.
 */
public interface DataSettings {

    public record Dataset(
            String name,
            String path,
            String questionField,
            String answerField,
            String rationaleField,
            String difficultyField,
            String idField,
            int trainCount,
            int testCount,
            int heldInCount,
            Synthetic synthetic,
            Double rationaleShare) {

        /** Experiments journaled before the share existed trained on every reference rationale. */
        public Dataset {
            rationaleShare = rationaleShare == null ? 1.0 : rationaleShare;
        }

        /**
         * Training problems (of {@code trainSize}, in dataset order) whose reference rationale is training
         * data; the rest are answer-only, learned from only through accepted samples.
         */
        public int rationaleCount(int trainSize) {
            return (int) Math.round(rationaleShare * trainSize);
        }
    }

    public record Synthetic(int trainCount, int testCount, int minSteps, int maxSteps, int maxOperand) {}
}
