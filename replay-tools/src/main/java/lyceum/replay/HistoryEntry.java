package lyceum.replay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One journaled event as history and audit print it: where, when (ISO-8601 write time), what, in one
 * line and in full.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HistoryEntry(
        String persistenceId, long sequenceNr, String writtenAt, String type, String summary, Object event) {

    public static HistoryEntry of(JournaledEvent e) {
        return new HistoryEntry(
                e.persistenceId(),
                e.sequenceNr(),
                e.writtenAt().toString(),
                e.type(),
                EventLines.describe(e.event()),
                e.event());
    }

    public String line() {
        return String.format("%4d  %s  %-17s %s", sequenceNr, writtenAt, type, summary);
    }
}
