package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping table of the README: which engine limit each algorithm becomes, and what is exact. */
class EngineMappingTest {

    private static final LimiterSpec TB = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L);

    @Test
    void tokenBucketToNginxIsBurstMinusOneNodelay() {
        EngineMapping m = EngineMapping.forNginx(TB);
        assertEquals(Algorithm.NGINX_LIMIT_REQ, m.engine().algorithm());
        assertEquals(Rate.perSecond(10), m.engine().rate());
        assertEquals(19L, m.engine().burst());
        assertEquals(Boolean.TRUE, m.engine().nodelay());
        assertFalse(m.exact());
    }

    @Test
    void gcraAndLeakyQueueToNginx() {
        EngineMapping gcra = EngineMapping.forNginx(LimiterSpec.of(Algorithm.GCRA, Rate.parse("10/s"), 5L));
        assertEquals(5L, gcra.engine().burst());
        EngineMapping queue = EngineMapping.forNginx(LimiterSpec.of(Algorithm.LEAKY_QUEUE, Rate.parse("10/s"), 5L));
        assertEquals(5L, queue.engine().burst());
        assertEquals(null, queue.engine().nodelay());
    }

    @Test
    void nginxRatesAreWholeRPerSecondOrPerMinute() {
        List<String> notes = new ArrayList<>();
        assertEquals(Rate.perSecond(10), EngineMapping.nginxRate(Rate.parse("100/10s"), notes));
        assertEquals(new Rate(30, Duration.ofMinutes(1)), EngineMapping.nginxRate(Rate.parse("1/2s"), notes));
        assertTrue(notes.isEmpty());
        assertEquals(new Rate(1, Duration.ofMinutes(1)), EngineMapping.nginxRate(Rate.parse("1/90s"), notes));
        assertEquals(1, notes.size());
    }

    @Test
    void nginxOwnLimitIsExact() {
        LimiterSpec n = LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).rate(Rate.parse("10/s")).burst(5).nodelay()
                .build();
        assertTrue(EngineMapping.forNginx(n).exact());
    }

    @Test
    void bucketsToHaproxyKeepCapacityOverTheTimeTheRateTakesToSendIt() {
        EngineMapping m = EngineMapping.forHaproxy(TB);
        assertEquals(Duration.ofSeconds(2), m.engine().period());
        assertEquals(20, m.engine().rate().countOver(m.engine().period()));
        LimiterSpec window = LimiterSpec.builder(Algorithm.SLIDING_WINDOW).rate(Rate.parse("100/m"))
                .window(Duration.ofSeconds(30)).build();
        EngineMapping w = EngineMapping.forHaproxy(window);
        assertEquals(Duration.ofSeconds(30), w.engine().period());
        assertEquals(50, w.engine().rate().countOver(w.engine().period()));
    }

    @Test
    void haproxyOwnLimitIsExact() {
        LimiterSpec h = LimiterSpec.builder(Algorithm.HAPROXY_REQ_RATE).rate(Rate.parse("100/10s"))
                .period(Duration.ofSeconds(10)).build();
        assertTrue(EngineMapping.forHaproxy(h).exact());
    }

    @Test
    void bucketsToEnvoyKeepCapacityAndRateWithAFillIntervalOfAtLeast50ms() {
        EngineMapping m = EngineMapping.forEnvoy(TB);
        assertEquals(20L, m.engine().burst());
        assertEquals(Duration.ofSeconds(1), m.engine().fillInterval());
        EngineMapping fast = EngineMapping.forEnvoy(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("1/ms"), 5L));
        assertEquals(Duration.ofMillis(50), fast.engine().fillInterval());
        assertEquals(50, fast.engine().rate().countOver(fast.engine().fillInterval()));
        assertTrue(EngineMapping.forEnvoy(LimiterSpec.of(Algorithm.ENVOY_LOCAL, Rate.parse("10/s"), 20L)).exact());
    }
}
