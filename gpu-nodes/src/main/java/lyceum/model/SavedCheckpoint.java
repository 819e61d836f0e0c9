package lyceum.model;

import java.nio.file.Path;

/** Where a checkpoint was written and the content hash that names it. */
public record SavedCheckpoint(String modelVersion, Path directory) {}
