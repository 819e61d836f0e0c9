package lyceum.replay;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines of a long read, at most one every two seconds. */
public final class Progress {

    private static final long EVERY_NANOS = 2_000_000_000L;

    private final String label;
    private final int expectedProblems;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastLine = System.nanoTime();
    private int problems;
    private long events;

    /** {@code expectedProblems}: 0 when unknown. */
    public Progress(String label, int expectedProblems, PrintStream out) {
        this.label = label;
        this.expectedProblems = expectedProblems;
        this.out = out;
    }

    public void problem(int eventCount) {
        problems++;
        events += eventCount;
        long now = System.nanoTime();
        if (out != null && now - lastLine >= EVERY_NANOS) {
            lastLine = now;
            double seconds = (now - start) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "%s: %d%s problems, %d events, %.0f events/s%n",
                    label,
                    problems,
                    expectedProblems > 0 ? "/" + expectedProblems : "",
                    events,
                    events / seconds);
        }
    }

    void finish(long totalEvents, double seconds) {
        if (out != null) {
            out.printf(
                    Locale.ROOT,
                    "%s: read %d problems, %d events in %.1f s (%.0f events/s)%n",
                    label,
                    problems,
                    totalEvents,
                    seconds,
                    seconds > 0 ? totalEvents / seconds : 0);
        }
    }

    int problems() {
        return problems;
    }

    long events() {
        return events;
    }
}
