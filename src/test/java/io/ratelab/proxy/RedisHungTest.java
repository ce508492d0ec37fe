package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ratelab.proxy.ProxyFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis hung, not gone: the test runs its own redis-server on 127.0.0.1:16398 and stops it with {@code SIGSTOP}, so the
 * connection stays open and nothing answers. The proxy's breaker must make that cost a few store timeouts, not one per
 * request (after the 3 failures in a row that judge the store down, every request is decided by the failure policy
 * without a Redis call: the store's error count stays at those 3 plus the probes), and {@code SIGCONT} must not release
 * a flood of queued limit scripts that drain the shared bucket for requests long since decided.
 */
class RedisHungTest {

    private static final int PORT = 16398;

    @Test
    void aPausedRedisCostsAFewTimeoutsAndItsWakeReleasesNoFlood() throws Exception {
        // 10 tokens, never refilled within the test: every token Redis spends shows in the answers
        LimiterSpec spec = LimiterSpec.of(Algorithm.TOKEN_BUCKET, new Rate(1, Duration.ofHours(1)), 10L)
                .withName("hung");
        try (RedisServer redis = RedisServer.start(PORT);
             DemoUpstream upstream = ProxyFixture.demo();
             LimitingProxy proxy = LimitingProxy.start(SharedLimitProxyTest.sharedConfig(
                     url(upstream.listenAddress()), spec, 1, redis.uri(), "open", Duration.ofMillis(50)))) {
            HttpClient client = ProxyFixture.client();
            assertEquals(List.of(200, 200, 200), statuses(client, proxy, 3), "Redis up: 7 tokens left");

            redis.pause(true);
            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                    statuses(client, proxy, 10), "the open policy admits while Redis hangs");
            for (int round = 0; round < 3; round++) {
                statuses(client, proxy, 10);
            }
            PrometheusText m = PrometheusText.parse(proxy.metrics().prometheus());
            Map<String, String> store = Map.of("store", "127.0.0.1:" + PORT);
            double errors = m.value("ratelab_proxy_store_errors_total", store);
            double probes = m.value("ratelab_proxy_store_probes_total", store);
            assertEquals(0, m.value("ratelab_proxy_store_up", store));
            assertEquals(40, m.sum("ratelab_proxy_store_fallback_decisions_total"));
            assertTrue(errors - probes <= io.ratelab.redis.StoreHealth.FAILURES_TO_OPEN, "the requests that judged"
                    + " the store down paid the store timeout, not each of 40: " + errors + " errors, " + probes
                    + " probes");

            redis.pause(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (PrometheusText.parse(proxy.metrics().prometheus()).value("ratelab_proxy_store_up", store) != 1) {
                assertTrue(System.nanoTime() < deadline, "the proxy did not see Redis again within 15 s");
                statuses(client, proxy, 1);
            }
            // 7 tokens, less the 3 scripts that timed out when Redis stopped (they run on wake), less at most one
            // request that raced the recovery: at least 3 left, where a flood of 40 queued scripts would leave none
            List<Integer> after = statuses(client, proxy, 7);
            long admitted = after.stream().filter(s -> s == 200).count();
            assertTrue(admitted >= 3, "tokens left after the wake: " + after);
            assertTrue(after.contains(429), "the shared bucket decides again: " + after);
        }
    }

    private static List<Integer> statuses(HttpClient client, LimitingProxy proxy, int n) throws Exception {
        return ProxyFixture.statuses(client, proxy, n, Long.MAX_VALUE);
    }
}
