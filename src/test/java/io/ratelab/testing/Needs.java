package io.ratelab.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test needs from the machine: an engine binary on {@code PATH}, or a service listening on loopback.
 * When it is missing, a developer's run skips the test with the reason; a CI run ({@code CI=true}, where
 * {@code .ci/services} installs everything) fails it with the same reason, so a broken install cannot pass as a
 * skipped test.
 */
public final class Needs {

    private Needs() {
    }

    /**
     * The executable {@code name} found on {@code PATH}; skips or fails the calling test, naming the binary and its
     * Debian package, when it is not there.
     *
     * @param neededFor what the test checks with it, for the message (e.g. "nginx -t on every export")
     */
    public static Path executable(String name, String debianPackage, String neededFor) {
        Path found = onPath(name, System.getenv("PATH"));
        if (found == null) {
            missing(name + " is not on PATH (Debian package " + debianPackage + "), needed for " + neededFor);
        }
        return found;
    }

    /** Skips or fails the calling test unless the Redis on 127.0.0.1:6379 answers. */
    public static void redisOn6379() {
        if (!listening(6379)) {
            missing("Redis not reachable on 127.0.0.1:6379 — start redis-server (.ci/services does)");
        }
    }

    /** Skips the calling test with {@code reason} or, under CI, fails it with that reason. */
    public static void missing(String reason) {
        missing(reason, underCi());
    }

    static void missing(String reason, boolean underCi) {
        if (underCi) {
            Assertions.fail("CI=true and " + reason + " (.ci/services provides it; under CI a missing"
                    + " requirement fails rather than skips, so a broken install cannot pass)");
        }
        Assumptions.abort(reason + " — skipped");
    }

    /** Whether something accepts a TCP connection on 127.0.0.1:{@code port} within 200 ms. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The first executable {@code name} in the {@code PATH} string's directories, or {@code null}. */
    static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
