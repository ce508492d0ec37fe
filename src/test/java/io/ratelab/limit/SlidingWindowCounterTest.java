package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingWindowCounterTest {

    private static final long MINUTE = 60 * SECOND;

    /** ENGINES.md §4, the limits documentation's example: 100 per minute, 40 last minute, 80 so far. */
    @Test
    void weighsThePreviousWindowByItsRemainingOverlap() {
        SingleKeyLimiter counter = limiter(Algorithm.SLIDING_WINDOW, "100/m", null, null);
        for (int i = 0; i < 40; i++) {
            assertTrue(counter.acquire(10 * SECOND, 1).allowed());
        }
        // 29 s into the next minute the previous 40 weigh floor(40·31/60) = 20, so 80 fit.
        for (int i = 0; i < 80; i++) {
            assertTrue(counter.acquire(MINUTE + 29 * SECOND, 1).allowed(), "request " + i);
        }
        // 30 s in: floor(80 + 0.5·40) = 100, rejected; the weight drops below 20 one nanosecond later.
        Decision at30 = counter.acquire(MINUTE + 30 * SECOND, 1);
        assertFalse(at30.allowed());
        assertEquals(1, at30.retryAfterNanos());
        // 40 s in: floor(80 + 13.33) = 93, admitted, 6 left.
        Decision at40 = counter.acquire(MINUTE + 40 * SECOND, 1);
        assertTrue(at40.allowed());
        assertEquals(6, at40.remaining());
    }

    @Test
    void rejectionsAreNotCounted() {
        SingleKeyLimiter counter = limiter(Algorithm.SLIDING_WINDOW, "3/s", null, null);
        for (int i = 0; i < 10; i++) {
            counter.acquire(0, 1);
        }
        // Only the 3 admitted carry over: half a window later they weigh floor(1.5) = 1, so 2 fit.
        assertTrue(counter.acquire(SECOND + SECOND / 2, 1).allowed());
        assertTrue(counter.acquire(SECOND + SECOND / 2, 1).allowed());
        assertFalse(counter.acquire(SECOND + SECOND / 2, 1).allowed());
    }

    @Test
    void resetsWhenBothWindowsHaveFadedOut() {
        SingleKeyLimiter counter = limiter(Algorithm.SLIDING_WINDOW, "4/s", null, null);
        // 2 in window 0 at its start: they count until its end, then weigh floor(2·(1s-e)/1s) > 0 until e > 0.5 s.
        counter.acquire(0, 1);
        Decision second = counter.acquire(0, 1);
        assertEquals(SECOND + SECOND / 2 + 1, second.resetAfterNanos());
        assertTrue(counter.algorithm().policy().equals(Policy.requests(4, 1)));
    }
}
