package lyceum.tracking;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reader of TensorBoard event files written to the record format and sharing nothing with the writer:
 * TFRecord framing with its own bitwise CRC-32C, and the Event and Summary messages decoded from the
 * protocol buffer wire format by hand.
 */
public final class TfEventsReader {

    private TfEventsReader() {}

    /** One decoded Event: wall time, step, file version or summary values (tag to simple_value). */
    public record Event(double wallTime, long step, String fileVersion, Map<String, Float> values) {}

    public static List<Event> read(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] lengthBytes = new byte[8];
            in.get(lengthBytes);
            long length =
                    ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (in.getInt() != masked(crc32c(lengthBytes))) {
                throw new IllegalStateException("length CRC mismatch at record " + events.size());
            }
            byte[] data = new byte[(int) length];
            in.get(data);
            if (in.getInt() != masked(crc32c(data))) {
                throw new IllegalStateException("data CRC mismatch at record " + events.size());
            }
            events.add(event(data));
        }
        return events;
    }

    /** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit. */
    static int crc32c(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    static int masked(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static Event event(byte[] data) {
        Proto p = new Proto(data);
        double wall = 0;
        long step = 0;
        String version = null;
        Map<String, Float> values = new TreeMap<>();
        while (p.more()) {
            long key = p.varint();
            int field = (int) (key >>> 3);
            switch (field) {
                case 1 -> wall = Double.longBitsToDouble(p.fixed64());
                case 2 -> step = p.varint();
                case 3 -> version = new String(p.bytes(), StandardCharsets.UTF_8);
                case 5 -> {
                    Proto summary = new Proto(p.bytes());
                    while (summary.more()) {
                        summary.varint();
                        Proto value = new Proto(summary.bytes());
                        String tag = null;
                        Float simple = null;
                        while (value.more()) {
                            long k = value.varint();
                            if (k >>> 3 == 1) {
                                tag = new String(value.bytes(), StandardCharsets.UTF_8);
                            } else if (k >>> 3 == 2) {
                                simple = Float.intBitsToFloat(value.fixed32());
                            } else {
                                throw new IllegalStateException("unexpected Summary.Value field " + (k >>> 3));
                            }
                        }
                        values.put(tag, simple);
                    }
                }
                default -> throw new IllegalStateException("unexpected Event field " + field);
            }
        }
        return new Event(wall, step, version, values);
    }

    /** Protocol buffer wire format, only what Event needs. */
    private static final class Proto {
        private final ByteBuffer in;

        Proto(byte[] data) {
            in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return in.hasRemaining();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        long fixed64() {
            return in.getLong();
        }

        int fixed32() {
            return in.getInt();
        }

        byte[] bytes() {
            byte[] out = new byte[(int) varint()];
            in.get(out);
            return out;
        }
    }
}
