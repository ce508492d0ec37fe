package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyLimitTest {

    static LimiterSpec concurrency(long n) {
        return new LimiterSpec(null, Algorithm.CONCURRENCY, null, null, null, null, null, null, null, null, n);
    }

    @Test
    void boundsRequestsInFlightAndAReleaseFreesOne() {
        SingleKeyLimiter limit = new SingleKeyLimiter(concurrency(3).build());
        assertEquals(Decision.allowed(3, 2, 0), limit.tryAcquire("k", 0));
        assertTrue(limit.tryAcquire("k", 0).allowed());
        assertEquals(Decision.allowed(3, 0, 0), limit.tryAcquire("k", 0));
        assertEquals(Decision.rejected(3, 0, 0), limit.tryAcquire("k", 1_000_000_000_000L));
        limit.release("k", 5);
        assertEquals(Decision.allowed(3, 0, 0), limit.tryAcquire("k", 5));
    }

    @Test
    void strayReleasesCannotMintPermits() {
        LimitAlgorithm limit = concurrency(2).build();
        long[] state = new long[1];
        limit.initialize(state, 0, 0);
        assertTrue(limit.isIdle(state, 0, 0));
        limit.acquire(state, 0, 0, 1);
        assertFalse(limit.isIdle(state, 0, 0));
        limit.release(state, 0, 0, 1);
        limit.release(state, 0, 0, 1);
        limit.release(state, 0, 0, 5);
        assertTrue(limit.isIdle(state, 0, 0));
        assertTrue(limit.acquire(state, 0, 0, 2).allowed());
        assertFalse(limit.acquire(state, 0, 0, 1).allowed());
    }

    @Test
    void policySaysConcurrentRequests() {
        assertEquals(Policy.concurrent(3), concurrency(3).build().policy());
        assertEquals(Decision.NEVER_NANOS, new SingleKeyLimiter(concurrency(3).build()).acquire(0, 4).retryAfterNanos());
    }
}
