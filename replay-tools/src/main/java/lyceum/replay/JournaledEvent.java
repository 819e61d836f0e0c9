package lyceum.replay;

import java.time.Instant;

/**
 * An event as the journal holds it: under which persistence id, at which sequence number, written
 * when. Audits order events of different entities by {@code timestamp}.
 *
 * @param timestamp epoch milliseconds of the journal write
 */
public record JournaledEvent(String persistenceId, long sequenceNr, long timestamp, Object event) {

    public Instant writtenAt() {
        return Instant.ofEpochMilli(timestamp);
    }

    public String type() {
        return event.getClass().getSimpleName();
    }
}
