package io.ratelab.export.fidelity;

import io.ratelab.testing.Needs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A real nginx or HAProxy started on an exported config, stopped on close. */
final class EngineProcess implements AutoCloseable {

    /** Looked up on PATH, by {@link Needs#executable} and by the process builder alike. */
    static final String NGINX = "nginx";
    static final String HAPROXY = "haproxy";

    private final Process process;
    private final Path log;

    private EngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test (fails it under CI), naming the binary, when it is not on PATH. */
    static void assumeInstalled(String binary) {
        Needs.executable(binary, binary, "the fidelity test against the real engine");
    }

    /** A loopback port free right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code nginx -t} or {@code haproxy -c} on a config; returns the exit code and output. */
    static Result check(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("check.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), Files.readString(out));
    }

    record Result(int exitCode, String output) {
    }

    /** Starts the command in {@code dir} and waits until {@code port} accepts connections (at most 10 s). */
    static EngineProcess start(List<String> command, Path dir, int port) throws IOException {
        Path log = dir.resolve("engine.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        EngineProcess e = new EngineProcess(p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return e;
            } catch (IOException notYet) {
                // polling a child process's readiness: there is no event to wait on
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        e.close();
        throw new IllegalStateException(command + " did not listen on port " + port + " within 10 s: "
                + Files.readString(log));
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    String log() throws IOException {
        return Files.readString(log);
    }
}
