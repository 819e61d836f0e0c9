package lyceum.tracking;

import com.typesafe.config.Config;

/**
 * {@code lyceum.projections.tracking}: which tracking files a coordinator writes. Default in
 * cluster-config's {@code lyceum/read-models.conf}.
 */
public record TrackingSettings(boolean tensorBoard) {

    public static final String TENSORBOARD = "lyceum.projections.tracking.tensorboard";

    public static TrackingSettings fromConfig(Config config) {
        return new TrackingSettings(config.getBoolean(TENSORBOARD));
    }
}
