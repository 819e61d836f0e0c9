package lyceum.benchmarks;

import java.time.Duration;

/** A benchmark's waits: an interrupt ends the benchmark rather than cutting a wait, and so a figure, short. */
final class Pause {

    private Pause() {}

    /** Sleeps for {@code duration}; {@code during} says what for, in the error an interrupt raises. */
    static void sleep(Duration duration, String during) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + during, e);
        }
    }
}
