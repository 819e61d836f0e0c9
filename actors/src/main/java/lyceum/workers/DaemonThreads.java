package lyceum.workers;

import java.util.concurrent.ThreadFactory;

/** Threads of a worker's executors: daemons, so a node that stops is not held up by a job still running. */
final class DaemonThreads {

    private DaemonThreads() {}

    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
