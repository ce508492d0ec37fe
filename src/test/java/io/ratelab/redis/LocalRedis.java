package io.ratelab.redis;

import io.ratelab.testing.Needs;

import java.time.Duration;

/**
 * The Redis on 127.0.0.1:6379 the tests share; tests skip with a clear message when none answers (fail under CI:
 * {@code CI=true}).
 */
final class LocalRedis {

    static final String URL = "redis://127.0.0.1:6379";

    private LocalRedis() {
    }

    /** Skips the calling test (fails it under CI) unless Redis answers on 127.0.0.1:6379. */
    static void assumeReachable() {
        Needs.redisOn6379();
    }

    static RedisStore connect() {
        return RedisStore.connect(URL, Duration.ofSeconds(2));
    }

    /** A limiter name no earlier run used, so no state is left over. */
    static String uniqueName(String base) {
        return base + "-" + Long.toHexString(System.nanoTime());
    }
}
