package lyceum.experiment.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Tests that read experiment files: each writes its files into a folder of its own. */
abstract class ExperimentFileFixture {

    @TempDir
    Path dir;

    /** A file of the given lines in the test's folder. */
    Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }
}
