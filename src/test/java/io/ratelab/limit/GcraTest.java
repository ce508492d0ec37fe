package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static io.ratelab.limit.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcraTest {

    /** redis-cell's README: {@code CL.THROTTLE user123 15 30 60} answers {@code [0, 16, 15, -1, 2]}. */
    @Test
    void reproducesTheRedisCellReadmeExample() {
        SingleKeyLimiter gcra = limiter(Algorithm.GCRA, "30/60s", 15L, null);
        assertEquals(Decision.allowed(16, 15, 2 * SECOND), gcra.acquire(0, 1));
        for (int i = 14; i >= 0; i--) {
            assertEquals(Decision.allowed(16, i, (16 - i) * 2 * SECOND), gcra.acquire(0, 1));
        }
        assertEquals(Decision.rejected(16, 2 * SECOND, 32 * SECOND), gcra.acquire(0, 1));
        assertEquals(Decision.rejected(16, SECOND, 31 * SECOND), gcra.acquire(SECOND, 1));
        assertEquals(Decision.allowed(16, 0, 32 * SECOND), gcra.acquire(2 * SECOND, 1));
    }

    @Test
    void burstDefaultsToZeroSoOneAtATime() {
        SingleKeyLimiter gcra = new SingleKeyLimiter(new LimiterSpec(null, Algorithm.GCRA, Rate.parse("10/s"), null,
                null, null, null, null, null, null, null).build());
        assertEquals(Decision.allowed(1, 0, SECOND / 10), gcra.acquire(0, 1));
        assertEquals(Decision.rejected(1, SECOND / 10, SECOND / 10), gcra.acquire(0, 1));
        assertTrue(gcra.acquire(SECOND / 10, 1).allowed());
    }

    @Test
    void policyIsBurstPlusOneOverTheTolerance() {
        assertEquals(Policy.requests(16, 32), spec(Algorithm.GCRA, "30/60s", 15L, null).build().policy());
        assertEquals(Decision.NEVER_NANOS, limiter(Algorithm.GCRA, "10/s", 1L, null).acquire(0, 3).retryAfterNanos());
    }
}
