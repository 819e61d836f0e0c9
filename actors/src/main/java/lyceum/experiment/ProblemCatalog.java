package lyceum.experiment;

import java.util.List;
import lyceum.events.ProblemEvent.ProblemRegistered;
import lyceum.experiment.config.ExperimentConfig;

/**
 * The problems an experiment runs on, in a fixed order: a pure function of the experiment's config, so
 * the coordinator keeps only positions in this list in its journal, never the problems themselves.
 */
public interface ProblemCatalog {

    record Problems(List<ProblemRegistered> train, List<ProblemRegistered> test) {
        public int size() {
            return train.size() + test.size();
        }
    }

    Problems load(String experimentId, ExperimentConfig config);
}
