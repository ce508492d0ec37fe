package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden values for Envoy's local_ratelimit token bucket from {@code token_bucket_impl} and
 * {@code local_ratelimit_impl}: the continuous bucket (fractions accumulate, a request needs a whole token) and the
 * legacy timer bucket (integer tokens topped up at fill ticks), and Envoy's 50 ms fill timer check.
 */
class EnvoyLocalRateLimitTest {

    private static LimiterSpec spec(String rate, Long burst, String fillInterval, Boolean legacy) {
        return new LimiterSpec(null, Algorithm.ENVOY_LOCAL, Rate.parse(rate), burst, null, null, null, null,
                fillInterval == null ? null : Durations.parse(fillInterval), legacy, null);
    }

    private static SingleKeyLimiter envoy(String rate, long burst, String fillInterval, Boolean legacy) {
        return new SingleKeyLimiter(spec(rate, burst, fillInterval, legacy).build());
    }

    @Test
    void startsFullWithMaxTokensThenOnePerInterval() {
        SingleKeyLimiter e = envoy("10/s", 5, null, null);
        for (int i = 1; i <= 5; i++) {
            assertEquals(Decision.allowed(5, 5 - i, i * 100 * MS), e.acquire(0, 1), "request " + i);
        }
        assertEquals(Decision.rejected(5, 100 * MS, 500 * MS), e.acquire(0, 1));
        assertFalse(e.acquire(100 * MS - 1, 1).allowed());
        assertEquals(Decision.allowed(5, 0, 500 * MS), e.acquire(100 * MS, 1));
    }

    /** Half a token is not enough, but it is kept: 50 ms later the next request finds a whole one. */
    @Test
    void fractionsAccumulateAndARequestNeedsAWholeToken() {
        SingleKeyLimiter e = envoy("10/s", 1, null, null);
        assertTrue(e.acquire(0, 1).allowed());
        Decision half = e.acquire(50 * MS, 1);
        assertEquals(Decision.rejected(1, 50 * MS, 50 * MS), half);
        assertTrue(e.acquire(100 * MS, 1).allowed());
        e.acquire(250 * MS, 1);
        assertEquals(Decision.allowed(1, 0, 100 * MS), e.acquire(350 * MS, 1), "the 0.5 left at 250 ms is kept");
    }

    /**
     * 3 per second is 1/3 s per token, kept exactly below the cap: no drift however many requests. At the cap the
     * surplus is lost, as in Envoy ({@code min(max_tokens, ...)}).
     */
    @Test
    void thirdsOfASecondDoNotDrift() {
        SingleKeyLimiter e = envoy("3/s", 3, null, null);
        assertEquals(0, e.acquire(0, 3).remaining());
        long[] due = {333_333_334, 666_666_667, SECOND};
        for (long t : due) {
            assertFalse(e.acquire(t - 1, 1).allowed(), "at " + (t - 1));
            assertTrue(e.acquire(t, 1).allowed(), "at " + t);
        }
        assertEquals(2, e.acquire(100 * SECOND, 1).remaining(), "full again: 3 - 1");
        e.acquire(100 * SECOND, 2);
        assertEquals(333_333_334, e.acquire(100 * SECOND, 1).retryAfterNanos());
    }

    /** The continuous bucket only sees tokens_per_fill / fill_interval: 10 per 1 s and 1 per 100 ms agree. */
    @Test
    void onlyTheRatioOfTokensPerFillAndIntervalMatters() {
        SingleKeyLimiter perSecond = envoy("10/s", 4, "1s", null);
        SingleKeyLimiter perTick = envoy("10/s", 4, "100ms", null);
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += (i * 7919L % 97) * MS;
            assertEquals(perSecond.acquire(t, 1), perTick.acquire(t, 1), "at " + t);
        }
    }

    @Test
    void remainingIsTheWholeTokensLeftAndHitsAddendTakesSeveral() {
        SingleKeyLimiter e = envoy("10/s", 5, null, null);
        e.acquire(0, 2);
        assertEquals(3, e.acquire(150 * MS, 1).remaining(), "3 + 1.5 - 1 = 3.5 tokens");
        assertFalse(e.acquire(150 * MS, 4).allowed());
        assertEquals(0, e.acquire(150 * MS, 3).remaining(), "0.5 left");
        assertEquals(Decision.NEVER_NANOS, e.acquire(150 * MS, 6).retryAfterNanos());
    }

    /** Legacy: nothing between ticks, then tokens_per_fill at once at each multiple of fill_interval. */
    @Test
    void legacyTimerRefillsInStepsAtFillBoundaries() {
        SingleKeyLimiter e = envoy("10/s", 5, "1s", true);
        for (int i = 0; i < 5; i++) {
            assertTrue(e.acquire(0, 1).allowed());
        }
        assertEquals(Decision.rejected(5, SECOND - 300 * MS, SECOND - 300 * MS), e.acquire(300 * MS, 1));
        assertFalse(e.acquire(SECOND - 1, 1).allowed(), "the continuous bucket would have 9.99 tokens by now");
        for (int i = 0; i < 5; i++) {
            assertEquals(Decision.allowed(5, 4 - i, SECOND), e.acquire(SECOND, 1), "capped at max_tokens");
        }
        assertFalse(e.acquire(SECOND, 1).allowed());
    }

    /** Ticks are at multiples of fill_interval on the caller's clock, so the first may come right after a burst. */
    @Test
    void legacyTimerAdmitsMaxTokensPlusTokensPerFillAcrossOneTick() {
        SingleKeyLimiter e = envoy("2/s", 3, "500ms", true);
        int admitted = 0;
        for (int i = 0; i < 4; i++) {
            admitted += e.acquire(499 * MS, 1).allowed() ? 1 : 0;
        }
        for (int i = 0; i < 4; i++) {
            admitted += e.acquire(500 * MS, 1).allowed() ? 1 : 0;
        }
        assertEquals(4, admitted, "3 at 499 ms, then 1 token per 500 ms tick at 500 ms");
        assertEquals(Decision.rejected(3, 500 * MS, 500 * MS), e.acquire(500 * MS, 1));
    }

    @Test
    void fillTimerMustBeAtLeastFiftyMillisecondsInBothModes() {
        for (Boolean legacy : new Boolean[] {null, true}) {
            SpecException e = assertThrows(SpecException.class, () -> spec("100/s", 5L, "40ms", legacy).build());
            assertEquals("fillInterval", e.field());
            assertTrue(e.getMessage().contains("local rate limit token bucket fill timer must be >= 50ms"));
            spec("100/s", 5L, "50ms", legacy).build();
        }
        assertEquals("burst", assertThrows(SpecException.class, () -> spec("10/s", 0L, null, null).build()).field());
        assertEquals("fillInterval",
                assertThrows(SpecException.class, () -> spec("10/s", 5L, "150ms", null).build()).field());
    }

    @Test
    void buildsTheModeTheSpecAsksFor() {
        assertInstanceOf(EnvoyLocalRateLimit.class, spec("10/s", 5L, null, null).build());
        assertInstanceOf(EnvoyLocalRateLimit.class, spec("10/s", 5L, null, false).build());
        assertInstanceOf(EnvoyTimerTokenBucket.class, spec("10/s", 5L, null, true).build());
        assertEquals("envoy-local(max_tokens=5, tokens_per_fill=1, fill_interval=1m)",
                spec("1/m", 5L, null, null).build().toString());
        assertEquals(Policy.requests(5, 1), spec("10/s", 5L, null, null).build().policy());
        assertEquals(Policy.requests(5, 300), spec("1/m", 5L, null, null).build().policy());
        assertEquals(Duration.ofMinutes(1).toNanos(), EnvoyTokenBucket.of(spec("1/m", 5L, null, null))
                .fillIntervalNanos());
    }
}
