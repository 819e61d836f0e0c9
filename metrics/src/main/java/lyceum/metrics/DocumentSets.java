package lyceum.metrics;

import java.util.Arrays;

/**
 * Distinct items (n-grams, equations: any long key) of a corpus, each with the set of documents that
 * hold it as a bit set. How many distinct items a subset of the documents holds is then one pass over
 * the items' sets, whatever the subset: the corpus is hashed once instead of sorted and merged per
 * subset.
 */
final class DocumentSets {

    /** Longs per document set. */
    private final int words;

    private long[] keys;
    /** Entry of each hash slot plus one; 0 for an empty slot. */
    private int[] slots;

    private long[] documents;
    private int size;

    /** {@code expectedItems}: a hint for the initial capacity. */
    DocumentSets(int documentCount, int expectedItems) {
        this.words = Math.max(1, (documentCount + 63) >>> 6);
        int capacity = Integer.highestOneBit(Math.max(16, expectedItems * 2 - 1)) << 1;
        this.keys = new long[capacity];
        this.slots = new int[capacity];
        this.documents = new long[Math.max(8, expectedItems) * words];
    }

    /** Records that document {@code doc} holds the item {@code key}. */
    void add(long key, int doc) {
        int entry = entry(key);
        documents[entry * words + (doc >>> 6)] |= 1L << doc;
    }

    /** How many distinct items the given documents hold between them. */
    int distinctIn(int[] docs) {
        long[] subset = new long[words];
        for (int d : docs) {
            subset[d >>> 6] |= 1L << d;
        }
        int distinct = 0;
        for (int e = 0; e < size; e++) {
            for (int w = 0; w < words; w++) {
                if ((documents[e * words + w] & subset[w]) != 0) {
                    distinct++;
                    break;
                }
            }
        }
        return distinct;
    }

    private int entry(long key) {
        int mask = slots.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                if (2 * (size + 1) > slots.length) {
                    grow();
                    return entry(key);
                }
                keys[i] = key;
                slots[i] = ++size;
                if (size * words > documents.length) {
                    documents = Arrays.copyOf(documents, documents.length * 2);
                }
                return size - 1;
            }
            if (keys[i] == key) {
                return slot - 1;
            }
        }
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
