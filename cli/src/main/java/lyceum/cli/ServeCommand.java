package lyceum.cli;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lyceum.config.NodeSettings;
import lyceum.model.CheckpointStore;
import lyceum.model.DjlGenerator;
import lyceum.model.DjlRuntime;
import lyceum.openai.CompletionServer;
import lyceum.openai.ServeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Serves a checkpoint over the OpenAI API until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve a Lyceum checkpoint over the OpenAI API (POST /v1/completions, POST /v1/chat/completions, "
                + "GET /v1/models; per-token `logprobs` and `stream: true` as server-sent events) "
                + "for any OpenAI-compatible client, among them Lyceum's own openai generation backend "
                + "(experiment.model.backend = openai, endpoint = \"http://HOST:PORT\").%n"
                + "A request may name another checkpoint of the same folder by its version in `model`. Requests that arrive "
                + "together are decoded as one batch. Each choice carries `mean_logprob`, the mean token log-probability.%n"
                + "Limits (body size, prompt length, prompts times n, max_tokens, queued completions, deadline per request) "
                + "are read from lyceum.serve in the configuration; a full queue answers 429 with Retry-After.",
        footer = {
            "",
            "Example:",
            "  LYCEUM_SERVE_TOKEN=s3cret lyceum serve 3f2a9c0d1e4b5a69 \\",
            "      --port 8000 --token-env LYCEUM_SERVE_TOKEN"
        })
final class ServeCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "CHECKPOINT",
            description = "A model version in the data folder's checkpoints (16 hex digits, as `lyceum status` shows) "
                    + "or the path of a checkpoint directory.")
    String checkpoint;

    @Mixin
    ConfigOptions config;

    @Mixin
    ListenOptions listen;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8000",
            description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "" + DjlGenerator.DEFAULT_BATCH_SIZE,
            description = "Most requests decoded together (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1");
        }
        String token = listen.token();
        com.typesafe.config.Config settings = config.load();
        ServeLimits limits = ServeLimits.fromConfig(settings);
        Path checkpoints = NodeSettings.fromConfig(settings).dataDir().resolve("checkpoints");
        CheckpointStore store;
        String version;
        Path asPath = Path.of(checkpoint);
        if (checkpoint.matches("[0-9a-f]{16}") && new CheckpointStore(checkpoints).contains(checkpoint)) {
            store = new CheckpointStore(checkpoints);
            version = checkpoint;
        } else if (Files.isRegularFile(asPath.resolve("model.json"))) {
            store = new CheckpointStore(asPath.toAbsolutePath().normalize().getParent());
            version = asPath.toAbsolutePath().normalize().getFileName().toString();
        } else {
            throw new IllegalArgumentException("CHECKPOINT " + checkpoint + " is neither a model version under "
                    + checkpoints + " nor a checkpoint directory holding model.json");
        }
        ListenOptions.warnIfOpen(listen.host, token, "the model", System.err);
        CompletionServer server = CompletionServer.start(
                new InetSocketAddress(listen.host, port),
                store,
                version,
                new DjlGenerator(store, DjlRuntime.defaultDevice(), batchSize),
                token,
                batchSize,
                limits);
        StopSignal stop = new StopSignal("lyceum-serve-shutdown", server::close);
        System.err.println(
                "serving " + version + " on http://" + listen.host + ":" + server.port()
                        + "/v1 (POST /v1/completions, POST /v1/chat/completions, GET /v1/models); stop it with Ctrl-C or SIGTERM");
        stop.await();
        return 0;
    }
}
