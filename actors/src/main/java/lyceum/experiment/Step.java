package lyceum.experiment;

import java.util.List;
import lyceum.events.ExperimentEvent;

/** What the coordinator does after a message of its running work: the concerns decide, the entity journals. */
sealed interface Step {

    Step STAY = new Stay();

    /** Nothing to journal. */
    record Stay() implements Step {}

    /** Journal a cursor; the phase goes on. */
    record Journal(ExperimentEvent event) implements Step {}

    /** Journal the events that end the phase, then start the next one. */
    record Advance(List<ExperimentEvent> events) implements Step {}

    /** End the experiment FAILED with the reason. */
    record Failed(String reason) implements Step {}
}
