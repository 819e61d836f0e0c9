package lyceum.tracking;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.CRC32C;
import lyceum.metrics.IterationMetrics;

/**
 * TensorBoard event files of an experiment's per-iteration scalars: TFRecord framing (length, masked
 * CRC-32C of the length, the record, masked CRC-32C of the record) around {@code tensorflow.Event}
 * messages, the first holding the file version, then one per iteration whose {@code Summary} holds a
 * {@code simple_value} per scalar of {@link MetricScalars}, step = iteration. TensorBoard reads them, and
 * W&B through its TensorBoard sync.
 */
public final class TensorBoardFiles {

    /**
     * The experiment's one event file. TensorBoard reads any file whose name holds "tfevents"; a fixed
     * name (no start time or host in it) lets every rewrite replace the same file.
     */
    public static final String FILE = "events.out.tfevents.lyceum";

    static final String FILE_VERSION = "brain.Event:2";
    private static final int MASK_DELTA = 0xa282ead8;

    private TensorBoardFiles() {}

    /**
     * Writes every iteration into {@code dir}, replacing the experiment's event file there (written aside
     * and renamed into place, so a reader never sees half a file); {@code wallTimesMillis} gives each
     * iteration's time, else {@code startedAtEpochMillis}.
     */
    public static Path write(
            Path dir, long startedAtEpochMillis, List<IterationMetrics> iterations, Map<Integer, Long> wallTimesMillis)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Path partial = dir.resolve("." + file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            record(out, event(startedAtEpochMillis / 1000.0, 0, e -> e.writeString(3, FILE_VERSION)));
            for (IterationMetrics m : iterations) {
                long wall = wallTimesMillis.getOrDefault(m.iteration(), startedAtEpochMillis);
                SortedMap<String, Double> scalars = MetricScalars.of(m);
                record(out, event(wall / 1000.0, m.iteration(), e -> e.writeByteArray(5, summary(scalars))));
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** One TFRecord: length, its masked CRC, the data, its masked CRC (all little-endian). */
    static void record(OutputStream out, byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        out.write(header.array());
        out.write(data);
        out.write(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(maskedCrc(data, 0, data.length))
                .array());
    }

    /** TFRecord's masked CRC-32C: rotated right by 15 bits, plus a constant. */
    static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    @FunctionalInterface
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** tensorflow.Event: wall_time = 1 (double), step = 2 (int64), then the rest. */
    private static byte[] event(double wallTime, long step, Fields what) throws IOException {
        return message(out -> {
            out.writeDouble(1, wallTime);
            out.writeInt64(2, step);
            what.write(out);
        });
    }

    /** tensorflow.Summary: repeated Value value = 1, each with tag = 1 and simple_value = 2 (float). */
    private static byte[] summary(SortedMap<String, Double> scalars) throws IOException {
        return message(out -> {
            for (Map.Entry<String, Double> s : scalars.entrySet()) {
                out.writeByteArray(1, message(v -> {
                    v.writeString(1, s.getKey());
                    v.writeFloat(2, s.getValue().floatValue());
                }));
            }
        });
    }
}
