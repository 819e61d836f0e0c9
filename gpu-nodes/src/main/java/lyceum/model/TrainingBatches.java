package lyceum.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The batches of one epoch: a seeded shuffle, then sequences of similar length grouped together
 * (within windows of 16 batches) so little padding is computed, then the batch order shuffled again.
 * The same seed and epoch always give the same batches.
 */
final class TrainingBatches {
    private static final int SORT_WINDOW_BATCHES = 16;

    private TrainingBatches() {}

    static List<int[]> forEpoch(List<EncodedExample> examples, int batchSize, long seed, int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        List<int[]> batches = new ArrayList<>();
        int window = batchSize * SORT_WINDOW_BATCHES;
        for (int from = 0; from < order.size(); from += window) {
            List<Integer> chunk = new ArrayList<>(order.subList(from, Math.min(order.size(), from + window)));
            chunk.sort(Comparator.comparingInt(i -> examples.get(i).inputLength()));
            for (int start = 0; start < chunk.size(); start += batchSize) {
                List<Integer> batch = chunk.subList(start, Math.min(chunk.size(), start + batchSize));
                batches.add(batch.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    static int batchesPerEpoch(int exampleCount, int batchSize) {
        int window = batchSize * SORT_WINDOW_BATCHES;
        int full = exampleCount / window;
        int rest = exampleCount % window;
        return full * SORT_WINDOW_BATCHES + (rest + batchSize - 1) / batchSize;
    }
}
