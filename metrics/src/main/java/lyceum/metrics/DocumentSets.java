package lyceum.metrics;

import java.util.Arrays;

/**
 * Distinct items (n-grams, equations: any dense id from 0) of a corpus, each with the set of documents
 * that hold it as a bit set. How many distinct items a subset of the documents holds is then one pass
 * over the items' sets, whatever the subset: the corpus is read once instead of sorted and merged per
 * subset.
 */
final class DocumentSets {

    /** Longs per document set. */
    private final int words;

    private long[] documents;
    /** Items seen: one more than the highest id added. */
    private int items;

    /** {@code expectedItems}: a hint for the initial capacity. */
    DocumentSets(int documentCount, int expectedItems) {
        this.words = Math.max(1, (documentCount + 63) >>> 6);
        this.documents = new long[Math.max(8, expectedItems) * words];
    }

    /** Records that document {@code doc} holds the item {@code item}. */
    void add(int item, int doc) {
        if ((item + 1) * words > documents.length) {
            documents = Arrays.copyOf(documents, Math.max(documents.length * 2, (item + 1) * words));
        }
        documents[item * words + (doc >>> 6)] |= 1L << doc;
        items = Math.max(items, item + 1);
    }

    /** How many distinct items the given documents hold between them. */
    int distinctIn(int[] docs) {
        long[] subset = new long[words];
        for (int d : docs) {
            subset[d >>> 6] |= 1L << d;
        }
        int distinct = 0;
        for (int e = 0; e < items; e++) {
            for (int w = 0; w < words; w++) {
                if ((documents[e * words + w] & subset[w]) != 0) {
                    distinct++;
                    break;
                }
            }
        }
        return distinct;
    }
}
