package lyceum.metrics.journal;

/** The acceptance policy's verdict on a sample, as the samples table stores it. */
public enum Decision {
    ACCEPTED,
    REJECTED,
    /** No Accepted or Rejected event seen (yet). */
    UNDECIDED;

    /** The stored value; null columns read as undecided. */
    public static Decision parse(String stored) {
        return stored == null ? UNDECIDED : valueOf(stored);
    }
}
