package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static io.ratelab.limit.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingLogTest {

    @Test
    void eachAdmissionCountsForExactlyOneWindow() {
        SingleKeyLimiter log = limiter(Algorithm.SLIDING_LOG, "6/s", null, null);
        for (int i = 0; i < 6; i++) {
            assertEquals(Decision.allowed(6, 5 - i, SECOND), log.acquire(i * 100 * MS, 1));
        }
        assertEquals(Decision.rejected(6, MS, 501 * MS), log.acquire(999 * MS, 1));
        assertFalse(log.acquire(SECOND - 1, 1).allowed());
        assertEquals(Decision.allowed(6, 0, SECOND), log.acquire(SECOND, 1));
        assertEquals(Decision.rejected(6, 100 * MS, SECOND), log.acquire(SECOND, 1));
    }

    @Test
    void hasNoBoundaryBurst() {
        SingleKeyLimiter log = limiter(Algorithm.SLIDING_LOG, "6/s", null, null);
        for (int i = 0; i < 6; i++) {
            assertTrue(log.acquire(900 * MS, 1).allowed());
        }
        assertEquals(Decision.rejected(6, 900 * MS, 900 * MS), log.acquire(SECOND, 1));
    }

    @Test
    void aMultiPermitRequestTakesThatManyPlaces() {
        SingleKeyLimiter log = limiter(Algorithm.SLIDING_LOG, "6/s", null, null);
        assertEquals(Decision.allowed(6, 3, SECOND), log.acquire(0, 3));
        assertEquals(Decision.allowed(6, 1, SECOND), log.acquire(500 * MS, 2));
        assertEquals(Decision.rejected(6, 500 * MS, SECOND), log.acquire(500 * MS, 2));
        assertEquals(Decision.allowed(6, 1, SECOND), log.acquire(SECOND, 3));
    }

    @Test
    void theLimitIsCappedBecauseStateGrowsWithIt() {
        LimitAlgorithm largest = spec(Algorithm.SLIDING_LOG, LimiterSpec.MAX_SLIDING_LOG_LIMIT + "/m", null, null)
                .build();
        assertEquals(LimiterSpec.MAX_SLIDING_LOG_LIMIT + 2, largest.stateSlots());
        SpecException e = assertThrows(SpecException.class,
                () -> spec(Algorithm.SLIDING_LOG, (LimiterSpec.MAX_SLIDING_LOG_LIMIT + 1) + "/m", null, null).build());
        assertEquals("rate", e.field());
        assertTrue(e.getMessage().contains("sliding-window"), e.getMessage());
    }
}
