package lyceum.replay;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One journaled event as history and audit print it: where, when (ISO-8601 write time), what, in one
 * line and in full.
 */
public record HistoryEntry(
        @JsonProperty("persistence_id") String persistenceId,
        @JsonProperty("sequence_nr") long sequenceNr,
        @JsonProperty("written_at") String writtenAt,
        @JsonProperty("type") String type,
        @JsonProperty("summary") String summary,
        @JsonProperty("event") Object event) {

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
