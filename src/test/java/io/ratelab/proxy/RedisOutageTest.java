package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import static io.ratelab.proxy.ProxyFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis stopped mid-run: the test runs its own redis-server on 127.0.0.1:16399 (no persistence), kills it, and checks
 * that the configured failure policy decides, that no request waits much past the 50 ms store timeout (bounded at
 * 1 s, a hang would take the client's 20 s), that /metrics shows it, and that the proxy recovers when a fresh Redis
 * returns on the same port (its scripts reloaded after NOSCRIPT).
 */
class RedisOutageTest {

    private static final int PORT = 16399;
    private static final long BOUND_NANOS = Duration.ofSeconds(1).toNanos();

    @ParameterizedTest
    @ValueSource(strings = {"open", "closed", "local"})
    void policyHoldsAndProxyRecovers(String policy) throws Exception {
        LimiterSpec spec = LimiterSpec.of(Algorithm.TOKEN_BUCKET, new Rate(1, Duration.ofHours(1)), 10L)
                .withName("outage-" + policy);
        try (RedisServer redis = RedisServer.start(PORT);
             DemoUpstream upstream = ProxyFixture.demo();
             LimitingProxy proxy = LimitingProxy.start(SharedLimitProxyTest.sharedConfig(
                     url(upstream.listenAddress()), spec, 2, redis.uri(), policy, Duration.ofMillis(50)))) {
            HttpClient client = ProxyFixture.client();
            assertEquals(List.of(200, 200, 200), statuses(client, proxy, 3, Long.MAX_VALUE), "warm-up, Redis up");

            redis.kill();
            List<Integer> during = statuses(client, proxy, 10, BOUND_NANOS);
            List<Integer> expected = switch (policy) {
                case "open" -> List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200);
                case "closed" -> List.of(429, 429, 429, 429, 429, 429, 429, 429, 429, 429);
                // the local fallback: burst ceil(10/2) = 5 for each of the 2 replicas
                default -> List.of(200, 200, 200, 200, 200, 429, 429, 429, 429, 429);
            };
            assertEquals(expected, during);
            String metrics = proxy.metrics().prometheus();
            assertTrue(metrics.contains("ratelab_proxy_store_up{store=\"127.0.0.1:" + PORT + "\"} 0"), metrics);
            assertTrue(metrics.contains("ratelab_proxy_store_fallback_decisions_total{policy=\"" + policy
                    + "\"} 10"), metrics);

            redis.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!proxy.metrics().prometheus().contains("ratelab_proxy_store_up{store=\"127.0.0.1:" + PORT
                    + "\"} 1")) {
                assertTrue(System.nanoTime() < deadline, "the proxy did not recover within 15 s");
                statuses(client, proxy, 1, BOUND_NANOS);
            }
            // a fresh Redis: the shared bucket is full again; the next requests are decided by it, not the policy
            String before = proxy.metrics().prometheus();
            assertEquals(List.of(200, 200, 200), statuses(client, proxy, 3, BOUND_NANOS));
            assertEquals(fallbacks(before), fallbacks(proxy.metrics().prometheus()),
                    "no fallback decisions after recovery");
            assertTrue(proxy.metrics().prometheus().contains("ratelab_proxy_store_state_changes_total 2"));
        }
    }

    private static String fallbacks(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("ratelab_proxy_store_fallback_decisions_total{"))
                .findFirst().orElseThrow();
    }

    private static List<Integer> statuses(HttpClient client, LimitingProxy proxy, int n, long boundNanos)
            throws Exception {
        return ProxyFixture.statuses(client, proxy, n, boundNanos);
    }
}
