package io.ratelab.proxy;

import io.ratelab.testing.Needs;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test's own redis-server on 127.0.0.1:{@code port} (no persistence), to stop, kill or pause under a running proxy
 * without touching the shared Redis on 6379. When redis-server is missing the test is skipped, or failed under CI
 * ({@link Needs#missing}). {@link #close} resumes a paused server before ending it, so no test leaves one stopped.
 */
final class RedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts redis-server on {@code port} and returns once it listens (bounded at 10 s). */
    static RedisServer start(int port) throws IOException {
        RedisServer r = new RedisServer(port);
        r.restart();
        return r;
    }

    /** {@code redis://127.0.0.1:PORT}, for a proxy's {@code store}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts a fresh server on the same port (after {@link #kill}): empty, as after a crash without persistence. */
    void restart() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            process = pb.start();
        } catch (IOException e) {
            Needs.missing("redis-server is not on PATH (Debian package redis-server), needed to start and stop a Redis");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!SharedLimitProxyTest.reachable(port)) {
            assertTrue(process.isAlive(), "redis-server on port " + port + " exited (port taken?)");
            assertTrue(System.nanoTime() < deadline, "redis-server did not listen on " + port + " within 10 s");
            Thread.onSpinWait();
        }
    }

    /** Ends the server (SIGTERM) and waits for it: its connections close, as when Redis goes away. */
    void kill() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** Pauses ({@code SIGSTOP}: connections stay open, nothing answers, a hung Redis) or resumes it (SIGCONT). */
    void pause(boolean paused) throws IOException, InterruptedException {
        String signal = paused ? "-STOP" : "-CONT";
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        assertEquals(0, kill.waitFor(), "kill " + signal + " failed");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            pause(false);
            kill();
        }
    }
}
