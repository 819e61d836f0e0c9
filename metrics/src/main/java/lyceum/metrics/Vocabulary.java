package lyceum.metrics;

import java.util.Arrays;

/**
 * A corpus's word tokens ({@link Tokens}) as ids, in the order the words are first seen. A token is
 * looked up by its range of the lowercased text, so a word already seen (most of them, in a problem's
 * samples) costs no string.
 */
final class Vocabulary implements Tokens.Sink {

    private String[] words = new String[64];
    private int[] hashes = new int[64];
    /** Id of each slot's word plus one; 0 for an empty slot. */
    private int[] slots = new int[64];

    private int size;
    /** The ids of the text being read. */
    private int[] text = new int[64];

    private int length;

    /** The ids of {@code text}'s tokens, in order. */
    int[] ids(String text) {
        length = 0;
        Tokens.scan(text, this);
        return Arrays.copyOf(this.text, length);
    }

    int size() {
        return size;
    }

    @Override
    public void token(String lowercased, int start, int end) {
        if (length == text.length) {
            text = Arrays.copyOf(text, 2 * length);
        }
        text[length++] = idOf(lowercased, start, end);
    }

    private int idOf(String s, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + s.charAt(i);
        }
        int mask = slots.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                if (2 * (size + 1) > slots.length) {
                    grow();
                    return idOf(s, start, end);
                }
                words[i] = s.substring(start, end);
                hashes[i] = hash;
                slots[i] = ++size;
                return size - 1;
            }
            String word = words[i];
            if (hashes[i] == hash && word.length() == end - start && s.regionMatches(start, word, 0, end - start)) {
                return slot - 1;
            }
        }
    }

    private void grow() {
        String[] oldWords = words;
        int[] oldHashes = hashes;
        int[] oldSlots = slots;
        words = new String[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        slots = new int[oldSlots.length * 2];
        int mask = slots.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] != 0) {
                int i = mix(oldHashes[j]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                words[i] = oldWords[j];
                hashes[i] = oldHashes[j];
                slots[i] = oldSlots[j];
            }
        }
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
