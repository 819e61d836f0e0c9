package lyceum.cli;

import java.util.concurrent.CountDownLatch;

/** How a server command ends: Ctrl-C or SIGTERM closes what it serves, and the command returns. */
final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Registers {@code close} to run, on a thread named {@code thread}, when the JVM is asked to stop. */
    StopSignal(String thread, Runnable close) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            close.run();
                            stopped.countDown();
                        },
                        thread));
    }

    /** Waits until the JVM is asked to stop and {@code close} has run. */
    void await() throws InterruptedException {
        stopped.await();
    }
}
