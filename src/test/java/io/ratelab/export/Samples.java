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
                LimiterSpec.builder(Algorithm.FIXED_WINDOW).rate(hundredPerMinute).build(),
                LimiterSpec.builder(Algorithm.SLIDING_LOG).rate(hundredPerMinute).build(),
                LimiterSpec.builder(Algorithm.SLIDING_WINDOW).rate(hundredPerMinute).window(Duration.ofSeconds(30))
                        .build(),
                LimiterSpec.of(Algorithm.GCRA, tenPerSecond, 5L),
                LimiterSpec.of(Algorithm.ENVOY_LOCAL, tenPerSecond, 20L),
                LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).rate(tenPerSecond).burst(5).delay(2).build(),
                LimiterSpec.builder(Algorithm.HAPROXY_REQ_RATE).rate(Rate.parse("100/10s"))
                        .period(Duration.ofSeconds(10)).build(),
                LimiterSpec.builder(Algorithm.CONCURRENCY).concurrency(8).build());
    }
}
