package lyceum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeReplacesTheFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("sub").resolve("set.jsonl");

        DurableFiles.write(file, "old\n".getBytes(StandardCharsets.UTF_8));
        DurableFiles.write(file, "new\n".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("new");
        try (Stream<Path> entries = Files.list(file.getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("set.jsonl");
        }
    }

    @Test
    void aSecretIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("credentials");

        DurableFiles.writeOwnerOnly(file, "password=x\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(file).hasContent("password=x");
    }

    @Test
    void moveIntoPlaceRenamesAWrittenFileOverTheOldOne() throws IOException {
        Path part = Files.writeString(dir.resolve("set.jsonl.part"), "complete\n");
        Path target = Files.writeString(dir.resolve("set.jsonl"), "stale\n");

        DurableFiles.moveIntoPlace(part, target);

        assertThat(target).hasContent("complete");
        assertThat(part).doesNotExist();
    }

    @Test
    void aDirectoryNeverReplacesAFullOne() throws IOException {
        Path staging = Files.createDirectory(dir.resolve(".staging"));
        Files.writeString(staging.resolve("a"), "second");
        Path target = Files.createDirectory(dir.resolve("v1"));
        Files.writeString(target.resolve("a"), "first");

        assertThatThrownBy(() -> DurableFiles.moveIntoPlace(staging, target)).isInstanceOf(IOException.class);
        assertThat(target.resolve("a")).hasContent("first");

        Files.delete(target.resolve("a"));
        Files.delete(target);
        DurableFiles.moveIntoPlace(staging, target);
        assertThat(target.resolve("a")).hasContent("second");
    }
}
