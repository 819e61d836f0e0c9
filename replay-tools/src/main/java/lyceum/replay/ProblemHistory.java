package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A problem's whole journal, readably: {@code lyceum history}. */
public record ProblemHistory(
        @JsonProperty("experiment") String experiment,
        @JsonProperty("problem_id") String problemId,
        @JsonProperty("events") List<HistoryEntry> events) {

    public static ProblemHistory of(String experimentId, String problemId, List<JournaledEvent> journal) {
        if (journal.isEmpty()) {
            throw new IllegalArgumentException(
                    "no problem '" + problemId + "' in experiment '" + experimentId + "' in the journal");
        }
        return new ProblemHistory(
                experimentId, problemId, journal.stream().map(HistoryEntry::of).toList());
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Problem ")
                .append(problemId)
                .append(" of experiment ")
                .append(experiment)
                .append(": ")
                .append(events.size())
                .append(" events\n");
        events.forEach(e -> out.append(e.line()).append('\n'));
        return out.toString();
    }
}
