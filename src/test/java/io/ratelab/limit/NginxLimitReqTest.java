package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden values for nginx {@code limit_req}, worked out by hand from {@code ngx_http_limit_req_module.c}: milli-request
 * integers, a millisecond clock, the free first request, truncated leaks and the three delay modes.
 */
class NginxLimitReqTest {

    private static LimiterSpec spec(String rate, Long burst, Boolean nodelay, Long delay) {
        return new LimiterSpec(null, Algorithm.NGINX_LIMIT_REQ, Rate.parse(rate), burst, null, null, nodelay, delay,
                null, null, null);
    }

    private static SingleKeyLimiter nginx(String rate, Long burst, Boolean nodelay, Long delay) {
        return new SingleKeyLimiter(spec(rate, burst, nodelay, delay).build());
    }

    @Test
    void burstFiveAdmitsSixBackToBackThenRejects() {
        SingleKeyLimiter n = nginx("10r/s", 5L, true, null);
        for (int i = 0; i < 6; i++) {
            Decision d = n.acquire(0, 1);
            assertEquals(Decision.allowed(6, 5 - i, (i + 1) * 100 * MS), d, "request " + (i + 1));
        }
        Decision rejected = n.acquire(0, 1);
        assertEquals(Decision.rejected(6, 100 * MS, 600 * MS), rejected);
        assertFalse(n.acquire(99 * MS + 999_999, 1).allowed());
        assertTrue(n.acquire(100 * MS, 1).allowed());
    }

    @Test
    void withoutBurstTheSecondRequestWaitsAWholeInterval() {
        SingleKeyLimiter n = nginx("10r/s", null, null, null);
        assertTrue(n.acquire(0, 1).allowed());
        assertFalse(n.acquire(99 * MS, 1).allowed());
        assertTrue(n.acquire(100 * MS, 1).allowed());
    }

    /** {@code 1r/m} is stored as 1000/60 = 16 milli-requests/s: a leak of 1000 takes 62 500 ms, not 60 000. */
    @Test
    void oneRequestPerMinuteIsSixteenMilliRequestsPerSecond() {
        assertEquals(16, NginxRate.of(Rate.parse("1/m")).milliPerSecond());
        SingleKeyLimiter n = nginx("1r/m", null, null, null);
        assertTrue(n.acquire(0, 1).allowed());
        Decision early = n.acquire(62_499 * MS, 1);
        assertFalse(early.allowed(), "16 x 62499 / 1000 = 999 < 1000");
        assertEquals(MS, early.retryAfterNanos());
        Decision due = n.acquire(62_500 * MS, 1);
        assertEquals(Decision.allowed(1, 0, 62_500 * MS), due, "16 x 62500 / 1000 = 1000: excess back to 0");
        assertFalse(n.acquire(60 * SECOND + 62_500 * MS, 1).allowed(), "a minute later is not enough");
    }

    /**
     * Admitted requests every 62 ms at 1r/m leak {@code 16·62/1000 = 0} each, and {@code last} moves on, so the
     * 0.992 milli-requests of every gap are lost: the 12th request passes at 63 120 ms, not at the 62 500 ms an
     * exact leaky bucket (leaking 16·t/1000 since t = 0) would give.
     */
    @Test
    void truncatedLeaksAreLostForGood() {
        SingleKeyLimiter n = nginx("1r/m", 10L, true, null);
        for (int i = 0; i <= 10; i++) {
            assertTrue(n.acquire(62L * i * MS, 1).allowed(), "request at " + 62 * i + " ms");
        }
        assertFalse(n.acquire(62_500 * MS, 1).allowed());
        assertFalse(n.acquire(63_119 * MS, 1).allowed());
        assertTrue(n.acquire(63_120 * MS, 1).allowed());
    }

    /**
     * A per-second rate stores whole thousands, so {@code 3r/s} leaks exactly 300 per 100 ms: excess climbs by 700
     * per request. Rejections leave {@code last} alone, so the leak since the last admitted request keeps growing.
     */
    @Test
    void perSecondRatesLeakExactlyAndRejectionsDoNotMoveLast() {
        SingleKeyLimiter n = nginx("3r/s", 5L, true, null);
        for (int i = 0; i <= 7; i++) {
            assertTrue(n.acquire(100L * i * MS, 1).allowed(), "excess " + 700 * i);
        }
        assertFalse(n.acquire(800 * MS, 1).allowed(), "4900 - 300 + 1000 = 5600 > 5000");
        assertFalse(n.acquire(900 * MS, 1).allowed(), "4900 - 600 + 1000 = 5300 > 5000");
        assertEquals(Decision.allowed(6, 0, 2000 * MS), n.acquire(1000 * MS, 1), "4900 - 900 + 1000 = 5000");
    }

    @Test
    void aRejectedRequestLeavesTheStateUntouched() {
        LimitAlgorithm algorithm = spec("2r/s", 1L, true, null).build();
        StateReplay replay = new StateReplay(algorithm, 1);
        replay.initialize(0, 0);
        replay.acquire(0, 0, 1);
        replay.acquire(0, 10 * MS, 1);
        long[] before = replay.snapshot(0);
        assertFalse(replay.acquire(0, 20 * MS, 1).allowed());
        assertArrayEquals(before, replay.snapshot(0));
    }

    /** Default mode: every request beyond the free one waits {@code excess·1000/rate} ms, excess as just stored. */
    @Test
    void withoutDelayOrNodelayEveryExcessRequestIsDelayed() {
        SingleKeyLimiter n = nginx("1r/s", 5L, null, null);
        assertEquals(0, n.acquire(0, 1).delayNanos());
        for (int i = 1; i <= 5; i++) {
            Decision d = n.acquire(0, 1);
            assertTrue(d.allowed());
            assertEquals(i * SECOND, d.delayNanos(), "request " + (i + 1));
        }
        assertFalse(n.acquire(0, 1).allowed());
    }

    @Test
    void delayNLetsTheFirstNExcessRequestsThroughAtOnce() {
        SingleKeyLimiter n = nginx("1r/s", 5L, null, 2L);
        long[] expectedMs = {0, 0, 0, 1000, 2000, 3000};
        for (long ms : expectedMs) {
            assertEquals(ms * MS, n.acquire(0, 1).delayNanos());
        }
        assertFalse(n.acquire(0, 1).allowed());
    }

    @Test
    void nodelayNeverDelaysAndDelaysAreWholeMilliseconds() {
        SingleKeyLimiter nodelay = nginx("1r/s", 5L, true, null);
        for (int i = 0; i < 6; i++) {
            assertEquals(0, nodelay.acquire(0, 1).delayNanos());
        }
        SingleKeyLimiter thirds = nginx("3r/s", 5L, null, null);
        thirds.acquire(0, 1);
        assertEquals(333 * MS, thirds.acquire(0, 1).delayNanos(), "1000 x 1000 / 3000 = 333 ms, truncated");
        assertEquals(666 * MS, thirds.acquire(0, 1).delayNanos());
    }

    @Test
    void aClockFarInThePastCountsAsOneMillisecond() {
        SingleKeyLimiter n = nginx("10r/s", 5L, true, null);
        n.acquire(100 * SECOND, 1);
        n.acquire(100 * SECOND, 1);
        // excess 1000 at last = 100 s; 100 s back: ms = 1, leak 10, excess 1990; 2 admitted more only
        assertEquals(Decision.allowed(6, 3, 0), withoutReset(n.acquire(0, 1)));
        assertTrue(n.acquire(0, 1).allowed());
        assertTrue(n.acquire(0, 1).allowed());
        assertTrue(n.acquire(0, 1).allowed());
        assertFalse(n.acquire(0, 1).allowed());
    }

    @Test
    void ratesConvertWhenNginxCanWriteThem() {
        assertEquals("600r/m", NginxRate.of(Rate.parse("600/m")).directive());
        assertEquals(10_000, NginxRate.of(Rate.parse("600/m")).milliPerSecond());
        assertEquals("10r/s", NginxRate.of(Rate.parse("100/10s")).directive());
        assertEquals("30r/m", NginxRate.of(Rate.parse("1/2s")).directive());
        assertEquals(500, NginxRate.of(Rate.parse("1/2s")).milliPerSecond());
        SpecException e = assertThrows(SpecException.class, () -> spec("10/h", null, null, null).build());
        assertEquals("rate", e.field());
        assertTrue(e.getMessage().contains("10/h") && e.getMessage().contains("r/s or N r/m"), e.getMessage());
    }

    @Test
    void policyAndDescription() {
        LimitAlgorithm a = spec("10r/s", 5L, true, null).build();
        assertEquals(Policy.requests(6, 1), a.policy());
        assertEquals("nginx-limit-req(rate=10r/s = 10000 milli-requests/s, burst=5, nodelay)", a.toString());
        assertEquals(Policy.requests(1, 63), spec("1/m", null, null, null).build().policy());
    }

    @Test
    void aKeyIsIdleOnceTheLeakCoversItsExcessAndOneRequest() {
        LimitAlgorithm a = spec("10r/s", 5L, true, null).build();
        long[] state = new long[2];
        a.initialize(state, 0, 0);
        assertTrue(a.isIdle(state, 0, 0));
        a.acquire(state, 0, 0, 1);
        a.acquire(state, 0, 0, 1);
        assertFalse(a.isIdle(state, 0, 199 * MS));
        assertTrue(a.isIdle(state, 0, 200 * MS), "leak 2000 >= excess 1000 + 1000");
        assertEquals(Decision.NEVER_NANOS, a.acquire(state, 0, 0, 7).retryAfterNanos());
    }

    private static Decision withoutReset(Decision d) {
        return new Decision(d.allowed(), d.limit(), d.remaining(), d.retryAfterNanos(), 0, d.delayNanos());
    }
}
