package lyceum.experiment.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The experiment config as it is journaled in ExperimentStarted: JSON, and a hash of that JSON that
 * tells whether a second start names the same experiment.
 */
public final class ConfigJson {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private ConfigJson() {}

    public static String write(ExperimentConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config cannot be written as JSON", e);
        }
    }

    public static ExperimentConfig read(String json) {
        try {
            return JSON.readValue(json, ExperimentConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException("journaled config cannot be read", e);
        }
    }

    public static String hash(ExperimentConfig config) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(config)), 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
