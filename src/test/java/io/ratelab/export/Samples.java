package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.KeyRule;

import java.time.Duration;
import java.util.List;

/** One representative limiter per algorithm, and every kind of key rule, for tests that cover all exports. */
final class Samples {

    private Samples() {
    }

    static final List<KeyRule> KEYS = List.of(KeyRule.GLOBAL, KeyRule.IP, KeyRule.header("X-Api-Key"), KeyRule.ROUTE);

    static List<LimiterSpec> limiters() {
        Rate tenPerSecond = Rate.parse("10/s");
        Rate hundredPerMinute = Rate.parse("100/m");
        return List.of(
                LimiterSpec.of(Algorithm.TOKEN_BUCKET, tenPerSecond, 20L),
                LimiterSpec.of(Algorithm.LEAKY_BUCKET, tenPerSecond, 20L),
                LimiterSpec.of(Algorithm.LEAKY_QUEUE, tenPerSecond, 5L),
                new LimiterSpec(null, Algorithm.FIXED_WINDOW, hundredPerMinute, null, null, null, null, null, null,
                        null, null),
                new LimiterSpec(null, Algorithm.SLIDING_LOG, hundredPerMinute, null, null, null, null, null, null,
                        null, null),
                new LimiterSpec(null, Algorithm.SLIDING_WINDOW, hundredPerMinute, null, Duration.ofSeconds(30),
                        null, null, null, null, null, null),
                LimiterSpec.of(Algorithm.GCRA, tenPerSecond, 5L),
                LimiterSpec.of(Algorithm.ENVOY_LOCAL, tenPerSecond, 20L),
                new LimiterSpec(null, Algorithm.NGINX_LIMIT_REQ, tenPerSecond, 5L, null, null, null, 2L, null, null,
                        null),
                new LimiterSpec(null, Algorithm.HAPROXY_REQ_RATE, Rate.parse("100/10s"), null, null,
                        Duration.ofSeconds(10), null, null, null, null, null),
                new LimiterSpec(null, Algorithm.CONCURRENCY, null, null, null, null, null, null, null, null, 8L));
    }
}
