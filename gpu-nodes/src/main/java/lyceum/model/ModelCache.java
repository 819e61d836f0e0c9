package lyceum.model;

import ai.djl.Device;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The most recently used checkpoints, loaded on first use; the least recent is closed when full. */
final class ModelCache implements AutoCloseable {
    private final CheckpointStore store;
    private final Device device;
    private final LinkedHashMap<String, LanguageModel> models;

    ModelCache(CheckpointStore store, Device device, int capacity) {
        this.store = store;
        this.device = device;
        this.models = new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LanguageModel> eldest) {
                if (size() > capacity) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    /** Whether the version is in memory or in the store (a name that is no version is in neither). */
    boolean knows(String modelVersion) {
        try {
            return models.containsKey(modelVersion) || store.contains(modelVersion);
        } catch (IllegalArgumentException notAVersion) {
            return false;
        }
    }

    CheckpointStore store() {
        return store;
    }

    LanguageModel get(String modelVersion) throws IOException {
        LanguageModel model = models.get(modelVersion);
        if (model == null) {
            model = store.load(modelVersion, device);
            models.put(modelVersion, model);
        }
        return model;
    }

    int size() {
        return models.size();
    }

    @Override
    public void close() {
        models.values().forEach(LanguageModel::close);
        models.clear();
    }
}
