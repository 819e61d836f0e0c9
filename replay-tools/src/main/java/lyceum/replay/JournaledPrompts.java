package lyceum.replay;

import java.util.List;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.experiment.config.ConfigJson;
import lyceum.experiment.config.PromptSettings.PromptTemplates;
import lyceum.problem.Prompts;

/**
 * The prompts an experiment sampled with, from the config its ExperimentStarted journaled: a config
 * journaled before prompt templates reads with the prompts written then.
 */
final class JournaledPrompts {

    private JournaledPrompts() {}

    static Prompts of(List<?> experimentEvents) {
        for (Object event : experimentEvents) {
            Object e = event instanceof JournaledEvent j ? j.event() : event;
            if (e instanceof ExperimentStarted s && s.configJson() != null) {
                return Prompts.of(ConfigJson.read(s.configJson()).prompts());
            }
        }
        return Prompts.of(PromptTemplates.LEGACY);
    }
}
