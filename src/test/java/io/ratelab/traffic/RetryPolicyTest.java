package io.ratelab.traffic;

import io.ratelab.limit.Decision;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each retry policy's timing and its attempt bound. */
class RetryPolicyTest {

    private static final long MS = 1_000_000L;
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void noneNeverRetries() {
        assertEquals(RetryPolicy.NO_RETRY, RetryPolicy.none().retryAt(5, 0, 1000, random));
        assertEquals(1, RetryPolicy.none().maxAttempts());
    }

    @Test
    void immediateResendsAfterItsDelayUntilTheAttemptsRunOut() {
        RetryPolicy p = RetryPolicy.immediate(3, 2 * MS);
        assertEquals(1000 + 2 * MS, p.retryAt(1000, 0, 5_000 * MS, random), "ignores Retry-After");
        assertEquals(1000 + 2 * MS, p.retryAt(1000, 1, -1, random));
        assertEquals(RetryPolicy.NO_RETRY, p.retryAt(1000, 2, -1, random), "third send was the last");
    }

    @Test
    void backoffDoublesUpToTheCapWithoutJitter() {
        RetryPolicy p = RetryPolicy.backoff(10, 100 * MS, 1000 * MS, RetryPolicy.Jitter.NONE);
        assertEquals(100 * MS, p.retryAt(0, 0, -1, random));
        assertEquals(200 * MS, p.retryAt(0, 1, -1, random));
        assertEquals(800 * MS, p.retryAt(0, 3, -1, random));
        assertEquals(1000 * MS, p.retryAt(0, 4, -1, random));
        assertEquals(1000 * MS, p.retryAt(0, 8, -1, random));
        assertEquals(RetryPolicy.NO_RETRY, p.retryAt(0, 9, -1, random));
    }

    @Test
    void fullJitterIsUniformBelowTheBackoffAndEqualJitterInItsUpperHalf() {
        RetryPolicy full = RetryPolicy.backoff(10, 100 * MS, 10_000 * MS, RetryPolicy.Jitter.FULL);
        RetryPolicy equal = RetryPolicy.backoff(10, 100 * MS, 10_000 * MS, RetryPolicy.Jitter.EQUAL);
        double sumFull = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            long f = full.retryAt(0, 2, -1, random);
            long e = equal.retryAt(0, 2, -1, random);
            assertTrue(f >= 0 && f < 400 * MS);
            assertTrue(e >= 200 * MS && e < 400 * MS);
            sumFull += f;
        }
        // U[0, 400ms): mean 200ms, s.e. 400/√12/√n ms
        assertEquals(200 * MS, sumFull / n, 4 * 400 * MS / Math.sqrt(12.0 * n));
    }

    @Test
    void retryAfterHonoursTheHeaderInWholeSeconds() {
        RetryPolicy p = RetryPolicy.retryAfter(4, 500 * MS);
        Decision rejected = Decision.rejected(10, 1_200 * MS, 2_000 * MS);
        assertEquals(7 * MS + 2_000 * MS, p.retryAt(rejected, 7 * MS, 0, random), "1.2 s is sent as Retry-After: 2");
        assertEquals(7 * MS + 500 * MS, p.retryAt(7 * MS, 1, -1, random), "no header: the fallback");
        assertEquals(RetryPolicy.NO_RETRY, p.retryAt(7 * MS, 3, 1000 * MS, random));
        assertEquals(1_000 * MS, RetryPolicy.retryAfterHeaderNanos(1));
        assertEquals(0, RetryPolicy.retryAfterHeaderNanos(0));
    }

    @Test
    void badArgumentsNameTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetryPolicy.immediate(0, 0))
                .getMessage().startsWith("maxAttempts"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RetryPolicy.backoff(3, 100, 10, RetryPolicy.Jitter.FULL)).getMessage().startsWith("max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetryPolicy.retryAfter(3, 0))
                .getMessage().startsWith("fallback"));
    }
}
