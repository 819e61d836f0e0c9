package lyceum.events;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The tags events are journaled under and the projections read: problem events are spread over
 * {@link #PROBLEM_TAG_COUNT} tags so that as many projection instances share the work; experiment
 * events carry one tag.
 */
public final class EventTags {

    /** Part of the journal: changing it strands events already written under other tags. */
    public static final int PROBLEM_TAG_COUNT = 8;

    public static final String EXPERIMENT = "experiment";

    private static final List<String> PROBLEM_TAGS =
            IntStream.range(0, PROBLEM_TAG_COUNT).mapToObj(i -> "problem-" + i).toList();

    private EventTags() {}

    /** The tag of a problem entity, {@code entityId = experimentId + "|" + problemId}. */
    public static String problemTag(String entityId) {
        return PROBLEM_TAGS.get(Math.floorMod(entityId.hashCode(), PROBLEM_TAG_COUNT));
    }

    public static String problemTag(String experimentId, String problemId) {
        return problemTag(experimentId + "|" + problemId);
    }

    /** problem-0 .. problem-7, one projection instance each. */
    public static List<String> problemTags() {
        return PROBLEM_TAGS;
    }
}
