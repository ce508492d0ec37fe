package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden values for HAProxy's {@code sc_http_req_rate(0) gt N} over {@code http_req_rate(period)}, worked out by hand
 * from {@code freq_ctr.c} / {@code freq_ctr.h}: counting before deciding, previous-period weighting, the flapping
 * correction, re-anchoring and the low-bit tick.
 */
class HaproxyReqRateTest {

    private static HaproxyReqRate haproxy(String rate, String period) {
        return (HaproxyReqRate) new LimiterSpec(null, Algorithm.HAPROXY_REQ_RATE, Rate.parse(rate), null, null,
                period == null ? null : Durations.parse(period), null, null, null, null, null).build();
    }

    /** Ten per second with {@code gt 10}: a new entry's first ten pass, the eleventh (rate 11) is denied. */
    @Test
    void aGreaterThanThresholdAdmitsExactlyN() {
        StateReplay r = replay(haproxy("10/s", null), 0);
        for (int i = 1; i <= 10; i++) {
            assertEquals(Decision.allowed(10, 10 - i, 2 * SECOND), r.acquire(0, 0, 1), "request " + i);
        }
        Decision denied = r.acquire(0, 0, 1);
        assertFalse(denied.allowed());
        assertEquals(10, denied.limit());
    }

    /**
     * Denied requests are counted, so a client that sends exactly ten per second never gets back in once over: from
     * t = 1000 ms each request reads its own count plus the previous period's weighted remainder, 11.
     */
    @Test
    void deniedRequestsCountSoAHammeringClientStaysBlocked() {
        HaproxyReqRate h = haproxy("10/s", null);
        StateReplay r = replay(h, 0);
        for (int i = 0; i < 10; i++) {
            assertTrue(r.acquire(0, i * 100 * MS, 1).allowed(), "first period, request " + (i + 1));
        }
        for (long t = 1000; t <= 10_000; t += 100) {
            assertFalse(r.acquire(0, t * MS, 1).allowed(), "at " + t + " ms");
            assertEquals(11, h.currentRate(r.snapshot(0), 0, t * MS), "at " + t + " ms");
        }
    }

    /** The previous period weighs as its remaining overlap: rate = curr + floor(prev·remain/P). */
    @Test
    void previousPeriodIsWeightedByItsRemainingOverlap() {
        HaproxyReqRate h = haproxy("10/s", null);
        StateReplay r = replay(h, 0);
        r.acquire(0, 0, 1);
        for (int i = 0; i < 9; i++) {
            r.acquire(0, 500 * MS, 1);
        }
        assertEquals(Decision.allowed(10, 2, 1750 * MS), r.acquire(0, 1250 * MS, 1), "1 + 10·750/1000");
        assertEquals(7, 10 - r.acquire(0, 1500 * MS, 1).remaining(), "2 + 10·500/1000");
        assertEquals(3, 10 - r.acquire(0, 1999 * MS, 1).remaining(), "3 + floor(10·1/1000)");
    }

    /** Weighting fades to nothing at the end of a period: 18 pass within 1000 ms against {@code gt 10}. */
    @Test
    void almostTwiceTheThresholdPassesAcrossAPeriodBoundary() {
        StateReplay r = replay(haproxy("10/s", null), 0);
        int admitted = 0;
        admitted += r.acquire(0, 0, 1).allowed() ? 1 : 0;
        for (int i = 0; i < 9; i++) {
            admitted += r.acquire(0, 999 * MS, 1).allowed() ? 1 : 0;
        }
        assertFalse(r.acquire(0, 1000 * MS, 1).allowed(), "1 + 10·1000/1000 = 11");
        for (int i = 0; i < 10; i++) {
            admitted += r.acquire(0, 1999 * MS, 1).allowed() ? 1 : 0;
        }
        assertEquals(19, admitted, "1 at 0 ms, 9 at 999 ms, 9 at 1999 ms (curr 2..10, prev weighs 10·1/1000 = 0)");
    }

    /** A lone event reads 1 for the whole next period instead of fading to 0 (flapping correction). */
    @Test
    void flappingCorrectionKeepsALoneEventAtOne() {
        HaproxyReqRate h = haproxy("10/s", null);
        StateReplay r = replay(h, 0);
        r.acquire(0, 0, 1);
        long[] one = r.snapshot(0);
        assertEquals(1, h.currentRate(one, 0, 1500 * MS), "floor(1·500/1000) would be 0");
        assertEquals(1, h.currentRate(one, 0, 2000 * MS));
        assertEquals(0, h.currentRate(one, 0, 2001 * MS));
        r.acquire(0, 0, 1);
        assertEquals(1, h.currentRate(r.snapshot(0), 0, 1500 * MS), "two events: floor(2·500/1000), no correction");
    }

    /** One idle period keeps the previous count; two or more re-anchor the counter at the next event. */
    @Test
    void twoIdlePeriodsReanchorTheCounter() {
        HaproxyReqRate h = haproxy("10/s", null);
        StateReplay weighted = replay(h, 0);
        StateReplay reanchored = replay(h, 0);
        for (int i = 0; i < 10; i++) {
            weighted.acquire(0, 0, 1);
            reanchored.acquire(0, 0, 1);
        }
        assertFalse(weighted.acquire(0, 1000 * MS, 1).allowed(), "1 + 10·1000/1000 = 11");
        assertFalse(reanchored.isIdle(0, 2000 * MS - 1));
        assertTrue(reanchored.isIdle(0, 2000 * MS));
        for (int i = 0; i < 10; i++) {
            assertTrue(reanchored.acquire(0, 2000 * MS, 1).allowed());
        }
        assertFalse(reanchored.acquire(0, 2000 * MS, 1).allowed());
    }

    /**
     * A rotated tick is stored with its low bit cleared (HAProxy's lock bit): with an odd period of 1001 ms the
     * period after t = 0 starts at 1000, so at 1001 ms the previous ten weigh 10·1000/1001 = 9 and the request passes,
     * where a 1000 ms period reads 11.
     */
    @Test
    void oddPeriodsLoseTheLowBitOfTheTick() {
        StateReplay odd = replay(haproxy("10/1001ms", "1001ms"), 0);
        StateReplay even = replay(haproxy("10/s", null), 0);
        for (int i = 0; i < 10; i++) {
            odd.acquire(0, 0, 1);
            even.acquire(0, 0, 1);
        }
        assertTrue(odd.acquire(0, 1001 * MS, 1).allowed());
        assertFalse(even.acquire(0, 1000 * MS, 1).allowed());
    }

    /** A new entry anchors at its first event (even millisecond), not at clock-aligned boundaries. */
    @Test
    void periodsAreAnchoredAtTheFirstEvent() {
        StateReplay r = replay(haproxy("10/s", null), 0);
        for (int i = 0; i < 10; i++) {
            r.acquire(0, 337 * MS, 1);
        }
        assertFalse(r.acquire(0, 1335 * MS, 1).allowed(), "still the period anchored at 336: curr 11");
        Decision d = r.acquire(0, 1336 * MS, 1);
        assertEquals(Decision.rejected(10, 182 * MS, 2 * SECOND), d,
                "rotated at 1336: 1 + 11 = 12; 2 + floor(11·818/1000) = 10 first at 1518 ms");
    }

    /** Retry-after is the first millisecond at which a request, itself counted, reads at most N. */
    @Test
    void retryAfterSimulatesTheCounterForward() {
        HaproxyReqRate h = haproxy("10/s", null);
        StateReplay r = replay(h, 0);
        for (int i = 0; i < 10; i++) {
            r.acquire(0, 0, 1);
        }
        Decision denied = r.acquire(0, 0, 1);
        assertEquals(1091 * MS, denied.retryAfterNanos(), "1 + floor(11·909/1000) = 10; at 1090 ms 11");
        long[] after = r.snapshot(0);
        assertFalse(StateReplay.of(h, after).acquire(0, 1090 * MS, 1).allowed());
        assertTrue(StateReplay.of(h, after).acquire(0, 1091 * MS, 1).allowed());
        assertEquals(Decision.NEVER_NANOS, r.acquire(0, 0, 11).retryAfterNanos());
    }

    @Test
    void thresholdIsRateTimesPeriodAndMustBeWhole() {
        assertEquals(Policy.requests(100, 10), haproxy("10/s", "10s").policy());
        assertEquals("haproxy-req-rate(http_req_rate(10000ms), deny if sc_http_req_rate gt 100)",
                haproxy("10/s", "10s").toString());
        SpecException e = assertThrows(SpecException.class, () -> haproxy("10/s", "150ms"));
        assertEquals("period", e.field());
        assertEquals("period", assertThrows(SpecException.class, () -> haproxy("10/s", "1.5ms")).field());
    }

    private static StateReplay replay(LimitAlgorithm a, long start) {
        StateReplay r = new StateReplay(a, 1);
        r.initialize(0, start);
        return r;
    }
}
