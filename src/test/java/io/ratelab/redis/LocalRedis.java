package io.ratelab.redis;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The Redis on 127.0.0.1:6379 the tests share; tests skip with a clear message when none answers. */
final class LocalRedis {

    static final String URL = "redis://127.0.0.1:6379";

    private LocalRedis() {
    }

    /** Skips the calling test unless Redis answers on 127.0.0.1:6379. */
    static void assumeReachable() {
        Assumptions.assumeTrue(reachable(6379),
                "Redis not reachable on 127.0.0.1:6379 — start redis-server (.ci/services does)");
    }

    static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static RedisStore connect() {
        return RedisStore.connect(URL, Duration.ofSeconds(2));
    }

    /** A limiter name no earlier run used, so no state is left over. */
    static String uniqueName(String base) {
        return base + "-" + Long.toHexString(System.nanoTime());
    }
}
