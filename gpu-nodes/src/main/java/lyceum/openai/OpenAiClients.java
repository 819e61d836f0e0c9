package lyceum.openai;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import lyceum.engine.EndpointClients;
import lyceum.engine.Generator;
import lyceum.engine.OpenAiEndpoint;

/** One {@link OpenAiGenerator} per endpoint settings, made on first use and kept for the node's life. */
public final class OpenAiClients implements EndpointClients {
    private final ConcurrentMap<OpenAiEndpoint, OpenAiGenerator> clients = new ConcurrentHashMap<>();

    @Override
    public Generator clientFor(OpenAiEndpoint endpoint) {
        return clients.computeIfAbsent(endpoint, OpenAiGenerator::new);
    }

    @Override
    public void close() {
        clients.values().forEach(OpenAiGenerator::close);
        clients.clear();
    }
}
