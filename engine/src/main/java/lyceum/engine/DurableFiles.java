package lyceum.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Files that survive a machine crash once written: content is synced before it is renamed into place,
 * and the directory is synced after the rename, so that after a crash a reader finds either the old
 * file or the complete new one, never a torn or vanished one. A rename alone is atomic but not durable:
 * until its directory is synced, the new name may be lost with the power.
 */
public final class DurableFiles {

    private DurableFiles() {}

    /** Writes {@code data} to {@code file}, replacing it atomically and durably. */
    public static void write(Path file, byte[] data) throws IOException {
        write(file, data, new FileAttribute<?>[0]);
    }

    /** As {@link #write(Path, byte[])}, for secrets: readable and writable by its owner only (0600). */
    public static void writeOwnerOnly(Path file, byte[] data) throws IOException {
        write(file, data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static void write(Path file, byte[] data, FileAttribute<?>... attributes) throws IOException {
        Path parent = parentOf(file);
        Files.createDirectories(parent);
        // Created with the permissions the file will have: it is never readable by others, not even briefly.
        Path temp = parent.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            rename(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames a completely written file, or a directory of them, into place: syncs {@code source} (each
     * file and the directory itself), renames it atomically over {@code target} (a file is replaced; a
     * directory only takes a name that is free or an empty directory) and syncs the target's directory.
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (var entries = Files.list(source)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    if (Files.isRegularFile(entry)) {
                        syncFile(entry);
                    }
                }
            }
            syncDirectory(source);
        } else {
            syncFile(source);
        }
        rename(source, target);
    }

    /** Flushes a file's content and metadata to the device. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Flushes a directory's entries (names created, renamed or removed in it) to the device. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(parentOf(target));
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("no directory above " + file);
        }
        return parent;
    }
}
