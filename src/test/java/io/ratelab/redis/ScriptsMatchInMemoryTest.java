package io.ratelab.redis;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Lua scripts decide exactly like the in-memory algorithms: the same deterministic sequence of request times
 * (fixed seed, bursts and pauses, time passed to the script instead of TIME) gives equal decisions, field by field.
 */
class ScriptsMatchInMemoryTest {

    private static RedisStore store;

    @BeforeAll
    static void connect() {
        LocalRedis.assumeReachable();
        store = LocalRedis.connect();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    static Stream<LimiterSpec> specs() {
        Rate r = new Rate(10, Duration.ofSeconds(1));
        return Stream.of(
                LimiterSpec.of(Algorithm.TOKEN_BUCKET, r, 5L),
                LimiterSpec.of(Algorithm.TOKEN_BUCKET, new Rate(3, Duration.ofSeconds(1)), 1L),
                LimiterSpec.of(Algorithm.GCRA, r, 4L),
                LimiterSpec.of(Algorithm.GCRA, new Rate(7, Duration.ofSeconds(1)), 0L),
                LimiterSpec.builder(Algorithm.FIXED_WINDOW).rate(r).window(Duration.ofMillis(500)).build(),
                LimiterSpec.builder(Algorithm.SLIDING_WINDOW).rate(r).window(Duration.ofSeconds(1)).build(),
                LimiterSpec.builder(Algorithm.SLIDING_WINDOW).rate(new Rate(100, Duration.ofMinutes(1))).build());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void sameDecisionsForTheSameTimes(LimiterSpec spec) {
        LimiterSpec named = spec.withName(LocalRedis.uniqueName("match"));
        SharedLimiter shared = new SharedLimiter(store, named, SharedLimiter.Clock.CALLER, FailurePolicy.CLOSED, 1);
        LimitAlgorithm local = named.build();
        long[] state = new long[local.stateSlots()];
        Random random = new Random(42);
        long now = 1_000_000_000L + random.nextInt(1_000_000_000);
        local.initialize(state, 0, now);
        List<Decision> expected = new ArrayList<>();
        List<Decision> actual = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            now += gap(random, spec.rate().intervalNanos());
            expected.add(local.acquire(state, 0, now, 1));
            actual.add(shared.tryAcquire("k", now).toCompletableFuture().join());
        }
        assertEquals(expected, actual);
        long admitted = expected.stream().filter(Decision::allowed).count();
        // the sequence must exercise both outcomes, or it proves little
        assertEquals(true, admitted > 20 && admitted < 580, "admitted " + admitted);
    }

    /** Mostly back-to-back requests, sometimes pauses of up to a few intervals or windows. */
    private static long gap(Random random, long intervalNanos) {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return random.nextInt(1_000_000);
        }
        if (pick < 9) {
            return (long) (random.nextDouble() * intervalNanos * 2);
        }
        return (long) (random.nextDouble() * 2_000_000_000L);
    }
}
