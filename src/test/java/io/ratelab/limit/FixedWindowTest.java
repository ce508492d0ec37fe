package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static io.ratelab.limit.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedWindowTest {

    @Test
    void admitsTwiceTheLimitAcrossAWindowBoundary() {
        SingleKeyLimiter window = limiter(Algorithm.FIXED_WINDOW, "10/s", null, null);
        int admitted = 0;
        for (int i = 0; i < 15; i++) {
            admitted += window.acquire(SECOND - MS, 1).allowed() ? 1 : 0;
        }
        assertEquals(Decision.rejected(10, MS, MS), window.acquire(SECOND - MS, 1));
        for (int i = 0; i < 15; i++) {
            admitted += window.acquire(SECOND, 1).allowed() ? 1 : 0;
        }
        assertEquals(20, admitted, "10 at the end of one window and 10 at the start of the next, 1 ms apart");
        assertEquals(Decision.rejected(10, SECOND, SECOND), window.acquire(SECOND, 1));
    }

    @Test
    void windowsAlignToMultiplesOfTheLengthFromTimeZero() {
        SingleKeyLimiter window = limiter(Algorithm.FIXED_WINDOW, "2/s", null, null);
        assertEquals(Decision.allowed(2, 1, 1), window.acquire(-1, 1));
        assertTrue(window.acquire(-1, 1).allowed());
        assertEquals(Decision.rejected(2, 1, 1), window.acquire(-1, 1));
        assertEquals(Decision.allowed(2, 1, SECOND), window.acquire(0, 1));
        assertEquals(Decision.allowed(2, 1, 250 * MS), window.acquire(7 * SECOND + 750 * MS, 1));
    }

    @Test
    void theLimitIsTheRateOverTheWindow() {
        assertEquals(Policy.requests(100, 10), spec(Algorithm.FIXED_WINDOW, "600/m", null, "10s").build().policy());
        assertEquals(Policy.requests(70, 7), spec(Algorithm.FIXED_WINDOW, "10/s", null, "7s").build().policy());
        // 5 per 500 ms is written per whole second: 10 per second.
        assertEquals(Policy.requests(10, 1), spec(Algorithm.FIXED_WINDOW, "10/s", null, "500ms").build().policy());
        SpecException e = assertThrows(SpecException.class,
                () -> spec(Algorithm.FIXED_WINDOW, "10/s", null, "150ms").build());
        assertEquals("window", e.field());
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }
}
