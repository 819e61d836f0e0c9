package lyceum.node;

import java.util.List;
import lyceum.engine.EndpointClients;
import lyceum.engine.Generator;
import lyceum.engine.Trainer;

/**
 * The engines a gpu node runs: one generator and one trainer per device. A device is owned by one
 * generation worker and one training worker, which take turns through the coordinator's phases. The
 * endpoint clients serve models behind OpenAI-compatible servers, whichever worker a batch reaches.
 */
public record WorkerEngines(List<Generator> generators, List<Trainer> trainers, EndpointClients endpoints) {
    public WorkerEngines(List<Generator> generators, List<Trainer> trainers) {
        this(generators, trainers, EndpointClients.none());
    }

    public static WorkerEngines none() {
        return new WorkerEngines(List.of(), List.of());
    }
}
