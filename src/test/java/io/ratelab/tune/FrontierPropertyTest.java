package io.ratelab.tune;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The frontier's one-pass burst equals the brute-force answer of the real limiter: for random traces and rates,
 * binary-search the least burst with which {@code spec.build()} (the core the proxy and the simulator run) admits
 * every request of the key.
 */
class FrontierPropertyTest {

    @Property(tries = 300)
    void tokenBucket(@ForAll("traces") long[] t, @ForAll @IntRange(min = 1, max = 5000) int count,
                     @ForAll("periods") Duration period) {
        Rate rate = new Rate(count, period);
        long expected = leastAdmittingAll(t, 1, b -> LimiterSpec.of(Algorithm.TOKEN_BUCKET, rate, b));
        assertEquals(expected, BurstMeter.tokenBucket(rate).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void gcra(@ForAll("traces") long[] t, @ForAll @IntRange(min = 1, max = 5000) int count,
              @ForAll("periods") Duration period) {
        Rate rate = new Rate(count, period);
        long expected = leastAdmittingAll(t, 0, b -> LimiterSpec.of(Algorithm.GCRA, rate, b));
        assertEquals(expected, BurstMeter.gcra(rate).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void leakyBucket(@ForAll("traces") long[] t, @ForAll @IntRange(min = 1, max = 5000) int count,
                     @ForAll("periods") Duration period) {
        Rate rate = new Rate(count, period);
        long expected = leastAdmittingAll(t, 1, b -> LimiterSpec.of(Algorithm.LEAKY_BUCKET, rate, b));
        assertEquals(expected, BurstMeter.leakyBucket(rate).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void envoy(@ForAll("traces") long[] t, @ForAll @IntRange(min = 1, max = 5000) int count,
               @ForAll("fillIntervals") Duration fill) {
        Rate rate = new Rate(count, fill);
        long expected = leastAdmittingAll(t, 1, b -> new LimiterSpec(null, Algorithm.ENVOY_LOCAL, rate, b, null, null,
                null, null, fill, null, null));
        assertEquals(expected, BurstMeter.envoy(rate, fill).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void nginxNodelay(@ForAll("traces") long[] t, @ForAll @IntRange(min = 1, max = 3000) int count,
                      @ForAll boolean perMinute) {
        Rate rate = new Rate(count, perMinute ? Duration.ofMinutes(1) : Duration.ofSeconds(1));
        long expected = leastAdmittingAll(t, 0, b -> new LimiterSpec(null, Algorithm.NGINX_LIMIT_REQ, rate, b, null,
                null, true, null, null, null, null));
        assertEquals(expected, BurstMeter.nginx(Family.nginxMilli(rate)).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void haproxy(@ForAll("traces") long[] t, @ForAll @IntRange(min = 1, max = 120_000) int periodMs) {
        Duration period = Duration.ofMillis(periodMs);
        long expected = leastAdmittingAll(t, 1, n -> new LimiterSpec(null, Algorithm.HAPROXY_REQ_RATE,
                new Rate(n, period), null, null, period, null, null, null, null, null));
        assertEquals(expected, BurstMeter.haproxy(periodMs).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void fixedWindow(@ForAll("traces") long[] t, @ForAll("windows") Duration window) {
        long expected = leastAdmittingAll(t, 1, n -> LimiterSpec.of(Algorithm.FIXED_WINDOW, new Rate(n, window), null));
        assertEquals(expected, WindowMeter.fixedWindow(window.toNanos()).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void slidingLog(@ForAll("traces") long[] t, @ForAll("windows") Duration window) {
        long expected = leastAdmittingAll(t, 1, n -> LimiterSpec.of(Algorithm.SLIDING_LOG, new Rate(n, window), null));
        assertEquals(expected, WindowMeter.slidingLog(window.toNanos()).minBurst(t, 0, t.length));
    }

    @Property(tries = 300)
    void slidingWindow(@ForAll("traces") long[] t, @ForAll("windows") Duration window) {
        long expected = leastAdmittingAll(t, 1, n -> LimiterSpec.of(Algorithm.SLIDING_WINDOW, new Rate(n, window),
                null));
        assertEquals(expected, WindowMeter.slidingWindow(window.toNanos()).minBurst(t, 0, t.length));
    }

    /** The window family's meter, through {@link Family}, is the one tested above, and its spec the one built. */
    @Property(tries = 50)
    void windowFamiliesMeterAndSpecAgree(@ForAll("traces") long[] t, @ForAll("windowFamilies") Family f,
                                         @ForAll @IntRange(min = 0, max = 14) int w) {
        Family.Setting s = f.snap(Family.WINDOWS_MS[w] / 1000.0);
        assertEquals(Duration.ofMillis(Family.WINDOWS_MS[w]), s.period());
        long n = f.meter(s).minBurst(t, 0, t.length);
        assertEquals(n, leastAdmittingAll(t, 1, x -> f.spec(s, x)));
        assertEquals(n, Family.burst(f.spec(s, n)));
    }

    /** Binary search over the burst (or threshold): the least from {@code min} with which every request passes. */
    private static long leastAdmittingAll(long[] t, long min, LongFunction<LimiterSpec> spec) {
        long lo = min;
        long hi = t.length + 1;
        while (!admitsAll(spec.apply(hi).build(), t)) {
            hi *= 2;
        }
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (admitsAll(spec.apply(mid).build(), t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean admitsAll(LimitAlgorithm a, long[] t) {
        long[] state = new long[a.stateSlots()];
        a.initialize(state, 0, t[0]);
        for (long now : t) {
            if (!a.acquire(state, 0, now, 1).allowed()) {
                return false;
            }
        }
        return true;
    }

    /** Sorted send times with bursts (gaps of 0 to a few ms) and pauses (up to minutes). */
    @Provide
    Arbitrary<long[]> traces() {
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(10, Arbitraries.longs().between(1, 5_000_000L)),
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(5_000_000L, 2_000_000_000L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(2_000_000_000L, 200_000_000_000L)));
        Arbitrary<Long> start = Arbitraries.longs().between(0, 10_000_000_000L);
        return net.jqwik.api.Combinators.combine(start, gap.list().ofMinSize(1).ofMaxSize(300)).as((s, gaps) -> {
            long[] t = new long[gaps.size()];
            long now = s;
            for (int i = 0; i < t.length; i++) {
                now += gaps.get(i);
                t[i] = now;
            }
            return t;
        });
    }

    @Provide
    Arbitrary<Duration> periods() {
        return Arbitraries.of(List.of(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMillis(333), Duration.ofHours(1)));
    }

    /** Windows from 1 ms to an hour, odd ones included, so that alignment and weights are exercised. */
    @Provide
    Arbitrary<Duration> windows() {
        return Arbitraries.oneOf(Arbitraries.of(List.of(Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1))),
                Arbitraries.longs().between(1, 120_000).map(Duration::ofMillis),
                Arbitraries.longs().between(1, 3_000_000_000L).map(Duration::ofNanos));
    }

    @Provide
    Arbitrary<Family> windowFamilies() {
        return Arbitraries.of(Family.FIXED_WINDOW, Family.SLIDING_LOG, Family.SLIDING_WINDOW);
    }

    @Provide
    Arbitrary<Duration> fillIntervals() {
        return Arbitraries.of(List.of(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMillis(333), Duration.ofMinutes(1)));
    }
}
