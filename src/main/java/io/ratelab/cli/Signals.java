package io.ratelab.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Process termination for the long-running commands: on SIGTERM or SIGINT the JVM runs shutdown hooks; ours runs the
 * command's graceful stop and then ends the process with status 0 (a JVM ended by a signal would otherwise report
 * 143 or 130, which orchestrators read as a crash).
 */
final class Signals {

    private Signals() {
    }

    /** Registers {@code stop} to run once when the process is told to terminate; the process then exits 0. */
    static void onTermination(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "ratelab-shutdown"));
    }

    /** Blocks the calling thread until the process ends. */
    static void awaitTermination() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
