package lyceum.experiment.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.io.TempDir;

/** Tests that read experiment files: each writes its files into a folder of its own. */
abstract class ExperimentFileFixture {

    @TempDir
    Path dir;

    /** A file of the given lines in the test's folder. */
    Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** The loader's refusal of {@code file}, an {@link ExperimentConfigException}, for its message to be checked. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> ExperimentConfigLoader.load(file))
                .isInstanceOf(ExperimentConfigException.class);
    }

    /**
     * Refused with a message naming the file and where in it ({@code at}: ":2", ": 2:" or ":2: key = value" as the
     * error puts it), and holding each of {@code parts}.
     */
    static void assertRefusedAt(Path file, String at, String... parts) {
        assertRefused(file).hasMessageContaining(file + at).hasMessageContainingAll(parts);
    }
}
