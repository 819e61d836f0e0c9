package lyceum.metrics;

import java.util.Arrays;

/**
 * Dense ids for long keys (packed n-grams, TF-IDF terms), in the order the keys are first seen: an
 * open-addressing table of primitives, since a problem's corpus looks up every token position several
 * times and boxed maps were much of the cost.
 */
final class LongIds {

    private long[] keys;
    /** Id of each hash slot's key plus one; 0 for an empty slot. */
    private int[] slots;
    /** The keys by id. */
    private long[] byId;

    private int size;

    /** {@code expectedKeys}: a hint for the initial capacity. */
    LongIds(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) << 1;
        this.keys = new long[capacity];
        this.slots = new int[capacity];
        this.byId = new long[Math.max(8, expectedKeys)];
    }

    /** The id of {@code key}, a new one (the next integer) if it was not seen before. */
    int idOf(long key) {
        int mask = slots.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                if (2 * (size + 1) > slots.length) {
                    grow();
                    return idOf(key);
                }
                keys[i] = key;
                slots[i] = ++size;
                if (size > byId.length) {
                    byId = Arrays.copyOf(byId, byId.length * 2);
                }
                byId[size - 1] = key;
                return size - 1;
            }
            if (keys[i] == key) {
                return slot - 1;
            }
        }
    }

    int size() {
        return size;
    }

    /** The key of each id, indexed by id. */
    long[] keys() {
        return Arrays.copyOf(byId, size);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[oldSlots.length * 2];
        int mask = slots.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] != 0) {
                int i = hash(oldKeys[j]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                slots[i] = oldSlots[j];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
