package lyceum.tracking;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lyceum.config.NodeSettings;
import lyceum.metrics.IterationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracking files a coordinator keeps while experiments run: each experiment's stored metrics as a
 * TensorBoard event file under {@code DATA_DIR/tracking/EXPERIMENT/tensorboard}, rewritten whole each
 * time an iteration's metrics are stored (so a replayed event writes the same file again).
 */
public final class TrackingFiles {

    private static final Logger log = LoggerFactory.getLogger(TrackingFiles.class);

    private final Path root;

    public TrackingFiles(Path root) {
        this.root = root;
    }

    /**
     * On unless {@code lyceum.projections.tracking.tensorboard = off} ({@link TrackingSettings}), for a node
     * with a data folder (an actor system without node settings, as in projection tests, keeps none).
     */
    public static Optional<TrackingFiles> fromConfig(Config config) {
        if (!TrackingSettings.fromConfig(config).tensorBoard() || !config.hasPath("lyceum.node.data-dir")) {
            return Optional.empty();
        }
        return Optional.of(
                new TrackingFiles(NodeSettings.fromConfig(config).dataDir().resolve("tracking")));
    }

    public Path tensorBoardDir(String experimentId) {
        return root.resolve(experimentId).resolve("tensorboard");
    }

    /**
     * Rewrites the experiment's event file from its stored metrics, each with its iteration's wall time
     * (epoch millis). A failure to write is logged, never raised: the files are a view, and the metrics
     * stay in Cassandra.
     */
    public void update(String experimentId, List<IterationMetrics> metrics, Map<Integer, Long> wallTimes) {
        long first =
                wallTimes.values().stream().mapToLong(Long::longValue).min().orElse(System.currentTimeMillis());
        try {
            TensorBoardFiles.write(tensorBoardDir(experimentId), first, metrics, wallTimes);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "{}: cannot write its TensorBoard file under {}: {}",
                    experimentId,
                    tensorBoardDir(experimentId),
                    e.toString());
        }
    }
}
