package lyceum.experiment;

import lyceum.experiment.ExperimentActor.State;
import lyceum.experiment.config.ExperimentConfig;

/**
 * An experiment's problems, read from its catalog once per coordinator incarnation and checked: ids
 * valid, none twice, and after a restart the same content the experiment started with.
 */
final class ExperimentDataset {

    private final String experimentId;
    private final ProblemCatalog catalog;
    private ProblemCatalog.Problems problems;

    ExperimentDataset(String experimentId, ProblemCatalog catalog) {
        this.experimentId = experimentId;
        this.catalog = catalog;
    }

    /** The problems of a new experiment; throws with a message naming the dataset, line and id. */
    ProblemCatalog.Problems start(ExperimentConfig config) {
        problems = load(config);
        return problems;
    }

    /** The problems read so far, or null. */
    ProblemCatalog.Problems loaded() {
        return problems;
    }

    /**
     * The running experiment's problems. Throws {@link IllegalStateException} with the reason the
     * experiment cannot go on when the dataset cannot be read or is no longer the one it started with.
     */
    ProblemCatalog.Problems problems(State state) {
        if (problems == null) {
            ProblemCatalog.Problems read;
            try {
                read = load(state.config());
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot read the " + name(state.config()) + ": " + e.getMessage(), e);
            }
            String hash = DatasetCheck.contentHash(read);
            if (state.datasetHash() != null && !state.datasetHash().equals(hash)) {
                throw new IllegalStateException("the " + name(state.config())
                        + " changed since the experiment started (content hash " + state.datasetHash() + ", now " + hash
                        + "); restore it or start a new experiment");
            }
            problems = read;
        }
        return problems;
    }

    private ProblemCatalog.Problems load(ExperimentConfig config) {
        ProblemCatalog.Problems read = catalog.load(experimentId, config);
        DatasetCheck.validate(read);
        return read;
    }

    private static String name(ExperimentConfig config) {
        var d = config.dataset();
        return "custom".equals(d.name()) ? "dataset file " + d.path() : "dataset " + d.name();
    }
}
