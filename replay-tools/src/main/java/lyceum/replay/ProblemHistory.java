package lyceum.replay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A problem's whole journal, readably: {@code lyceum history}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProblemHistory(String experiment, String problemId, List<HistoryEntry> events) {

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
