package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static io.ratelab.limit.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakyBucketMeterTest {

    /** 7/s does not divide a second: one request leaks in 142857142.86 ns. */
    private static final long ONE_LEAKS = 142_857_143L;

    @Test
    void fillsToTheBurstThenPolicesAtTheRate() {
        SingleKeyLimiter meter = limiter(Algorithm.LEAKY_BUCKET, "7/s", 4L, null);
        assertEquals(Decision.allowed(4, 3, ONE_LEAKS), meter.acquire(0, 1));
        assertEquals(Decision.allowed(4, 2, 285_714_286L), meter.acquire(0, 1));
        assertTrue(meter.acquire(0, 1).allowed());
        assertEquals(Decision.allowed(4, 0, 571_428_572L), meter.acquire(0, 1));
        assertEquals(Decision.rejected(4, ONE_LEAKS, 571_428_572L), meter.acquire(0, 1));
        assertFalse(meter.acquire(ONE_LEAKS - 1, 1).allowed());
        assertTrue(meter.acquire(ONE_LEAKS, 1).allowed());
    }

    @Test
    void theLevelLeaksExactlyWithNoRoundingLost() {
        LimitAlgorithm meter = spec(Algorithm.LEAKY_BUCKET, "7/s", 7L, null).build();
        long[] state = new long[2];
        meter.initialize(state, 0, 0);
        assertEquals(0, meter.acquire(state, 0, 0, 7).remaining());
        // After exactly one second all seven have leaked, though no single request's leak is a whole nanosecond.
        assertFalse(meter.isIdle(state, 0, SECOND - 1));
        assertTrue(meter.isIdle(state, 0, SECOND));
        assertEquals(6, meter.acquire(state, 0, SECOND, 1).remaining());
    }

    @Test
    void policyAndValidation() {
        assertEquals(Policy.requests(4, 1), spec(Algorithm.LEAKY_BUCKET, "7/s", 4L, null).build().policy());
        assertEquals(Policy.requests(20, 2), spec(Algorithm.LEAKY_BUCKET, "600/m", 20L, null).build().policy());
        assertEquals("burst", assertThrows(SpecException.class,
                () -> spec(Algorithm.LEAKY_BUCKET, "7/s", 0L, null).build()).field());
        assertEquals("burst", assertThrows(SpecException.class,
                () -> spec(Algorithm.LEAKY_BUCKET, "1/d", 1_000_000L, null).build()).field());
    }
}
