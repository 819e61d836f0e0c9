package lyceum.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A seed group: one experiment run once per seed, each run an experiment of its own whose id is the
 * group's followed by {@code -seedN}. The group is found again by those ids, so it needs no record of
 * its own.
 */
final class SeedGroups {

    private static final String SEPARATOR = "-seed";

    private SeedGroups() {}

    static String memberId(String group, long seed) {
        return group + SEPARATOR + seed;
    }

    /** The runs of {@code group} among {@code experimentIds}, by seed. */
    static List<String> members(Collection<String> experimentIds, String group) {
        Pattern member = Pattern.compile(Pattern.quote(group + SEPARATOR) + "-?\\d{1,18}");
        List<String> runs = new ArrayList<>(experimentIds.stream()
                .filter(id -> member.matcher(id).matches())
                .toList());
        runs.sort(Comparator.comparingLong(id -> Long.parseLong(id.substring(group.length() + SEPARATOR.length()))));
        return runs;
    }

    /** The value of {@code --seeds}: integers separated by commas, each once. */
    static List<Long> parse(String option) {
        List<Long> seeds = new ArrayList<>();
        for (String part : option.split(",", -1)) {
            try {
                long seed = Long.parseLong(part.strip());
                if (seeds.contains(seed)) {
                    throw new IllegalArgumentException("--seeds " + option + ": seed " + seed + " is named twice");
                }
                seeds.add(seed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seeds " + option + ": '" + part.strip()
                        + "' is not an integer seed (expected integers separated by commas, such as 1,2,3)");
            }
        }
        return seeds;
    }

    /** Whether {@code id} names a seed group rather than an experiment: no metrics of its own, runs of its own. */
    static boolean isGroup(Collection<String> experimentIds, String id) {
        return !experimentIds.contains(id) && !members(experimentIds, id).isEmpty();
    }

    /**
     * The runs of seed group {@code id}, by seed; empty when {@code id} is an experiment of its own or
     * names no runs.
     */
    static List<String> runs(com.typesafe.config.Config config, String id) {
        try (lyceum.replay.JournalReader reader = lyceum.replay.JournalReader.open(config)) {
            return runs(reader, id);
        }
    }

    static List<String> runs(lyceum.replay.JournalReader reader, String id) {
        List<String> ids = reader.experimentIds();
        return isGroup(ids, id) ? members(ids, id) : List.of();
    }

    /** Each run's value by its experiment id, in seed order. */
    static <T> Map<String, T> byRun(List<String> runs, java.util.function.Function<String, T> load) {
        Map<String, T> out = new java.util.LinkedHashMap<>();
        runs.forEach(id -> out.put(id, load.apply(id)));
        return out;
    }
}
