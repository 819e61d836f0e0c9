package lyceum.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import lyceum.engine.DurableFiles;
import org.apache.commons.io.FileUtils;

/**
 * Checkpoints under a data folder, one directory per model version (its content hash) holding
 * {@value #PARAMETERS} and {@value #MANIFEST}. A checkpoint is written into a temporary directory,
 * synced and renamed into place (see {@link DurableFiles#moveIntoPlace}), so a crash never leaves a
 * partial checkpoint under a version name, nor loses one whose save returned. Writing the
 * same content twice yields the same version and keeps the first copy. Safe to share between threads.
 */
public final class CheckpointStore {
    public static final Path DEFAULT_ROOT = Path.of("data", "checkpoints");
    static final String PARAMETERS = "parameters.djl";
    static final String MANIFEST = "model.json";
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path directoryOf(String modelVersion) {
        if (!VERSION.matcher(modelVersion).matches()) {
            throw new IllegalArgumentException("not a model version: " + modelVersion);
        }
        return root.resolve(modelVersion);
    }

    public boolean contains(String modelVersion) {
        return Files.isRegularFile(directoryOf(modelVersion).resolve(MANIFEST));
    }

    public SavedCheckpoint save(LanguageModel model, String parentModelVersion, Map<String, Object> training)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.network().saveParameters(out);
        }
        byte[] parameters = bytes.toByteArray();
        String parametersSha256 = HexFormat.of().formatHex(sha256(parameters));
        String modelVersion = contentHash(
                parameters,
                json.writeValueAsBytes(model.config()),
                json.writeValueAsBytes(model.tokenizer().vocabulary()));
        CheckpointManifest manifest = new CheckpointManifest(
                modelVersion,
                parentModelVersion,
                model.config(),
                model.tokenizer().vocabulary(),
                parametersSha256,
                training);
        Path target = directoryOf(modelVersion);
        if (contains(modelVersion)) {
            return new SavedCheckpoint(modelVersion, target);
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, ".staging-" + modelVersion + "-");
        try {
            Files.write(staging.resolve(PARAMETERS), parameters, StandardOpenOption.CREATE_NEW);
            Files.write(staging.resolve(MANIFEST), json.writeValueAsBytes(manifest), StandardOpenOption.CREATE_NEW);
            DurableFiles.moveIntoPlace(staging, target);
        } catch (IOException e) {
            // Another writer may have stored the same content first; its copy is identical.
            if (!contains(modelVersion)) {
                throw e;
            }
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
        }
        return new SavedCheckpoint(modelVersion, target);
    }

    public CheckpointManifest manifest(String modelVersion) throws IOException {
        return json.readValue(directoryOf(modelVersion).resolve(MANIFEST).toFile(), CheckpointManifest.class);
    }

    /** Loads a checkpoint onto the engine's default device. */
    public LanguageModel load(String modelVersion) throws IOException {
        return load(modelVersion, DjlRuntime.defaultDevice());
    }

    /** Loads a checkpoint onto a device, checking its parameters against the recorded hash. */
    public LanguageModel load(String modelVersion, Device device) throws IOException {
        Path directory = directoryOf(modelVersion);
        if (!contains(modelVersion)) {
            throw new IOException("no checkpoint " + modelVersion + " under " + root.toAbsolutePath());
        }
        CheckpointManifest manifest = manifest(modelVersion);
        byte[] parameters = Files.readAllBytes(directory.resolve(PARAMETERS));
        String actual = HexFormat.of().formatHex(sha256(parameters));
        if (!actual.equals(manifest.parametersSha256())) {
            throw new IOException("checkpoint " + modelVersion + " is corrupt: parameter hash " + actual);
        }
        NDManager manager = DjlRuntime.engine().newBaseManager(device);
        try {
            TransformerLm network = new TransformerLm(manifest.config());
            network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
            LanguageModel model = new LanguageModel(
                    manifest.config(),
                    CharTokenizer.fromVocabulary(manifest.vocabulary()),
                    network,
                    manager,
                    modelVersion);
            model.setTrainable(false);
            return model;
        } catch (MalformedModelException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot load checkpoint " + modelVersion, e);
        }
    }

    private static String contentHash(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
