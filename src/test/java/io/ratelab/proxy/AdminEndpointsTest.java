package io.ratelab.proxy;

import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the admin listener: strict Prometheus text with true counts, config swap by PUT, refusal of bad ones. */
class AdminEndpointsTest {

    private final HttpClient client = client();
    private final ManualClock clock = new ManualClock();
    private DemoUpstream upstream;
    private LimitingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = demo();
        proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                tokenBucket("1/m", 2).withName("odd \"name\"\\x")), clock::now);
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private URI admin(String path) {
        return url(proxy.adminAddress(), path);
    }

    private HttpResponse<String> put(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(admin("/config")).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsParseAsStrictPrometheusTextWithTrueCounts() throws Exception {
        for (int i = 0; i < 5; i++) {
            get(client, url(proxy.listenAddress()));
        }
        settled(proxy);
        HttpResponse<String> r = get(client, admin("/metrics"));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        PrometheusText m = PrometheusText.parse(r.body());
        String name = "odd \"name\"\\x";
        assertEquals(5, m.value("ratelab_proxy_requests_received_total", Map.of()));
        assertEquals(2, m.value("ratelab_proxy_admitted_total", Map.of("limiter", name, "status", "200")));
        assertEquals(3, m.value("ratelab_proxy_rejected_total", Map.of("limiter", name, "status", "429")));
        assertEquals(0, m.sum("ratelab_proxy_errors_total"));
        assertEquals(0, m.value("ratelab_proxy_requests_in_flight", Map.of()));
        assertEquals(5, m.value("ratelab_proxy_request_duration_seconds_count", Map.of()));
        assertEquals("histogram", m.types.get("ratelab_proxy_request_duration_seconds"));
        assertEquals("counter", m.types.get("ratelab_proxy_admitted_total"));
        assertEquals(1, m.value("ratelab_proxy_limiter_active", Map.of("limiter", name)));
    }

    @Test
    void theParserIsStrict() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a counter\na{b=\"c} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a counter\na 1x\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
        assertEquals(1, PrometheusText.parse("# TYPE a gauge\na{b=\"\\\"q\\\\\"} +Inf\n").samples.size());
    }

    @Test
    void putSwapsTheLimiterAndGetShowsIt() throws Exception {
        assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
        HttpResponse<String> r = put("key: header:X-Api-Key\nlimiter: {algorithm: token-bucket, rate: 10/m,"
                + " burst: 1, name: tight}\nlegacyHeaders: true\n");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"tight\""), r.body());
        assertEquals(200, get(client, url(proxy.listenAddress()), "X-Api-Key", "a").statusCode());
        HttpResponse<String> second = get(client, url(proxy.listenAddress()), "X-Api-Key", "a");
        assertEquals(429, second.statusCode());
        assertEquals("\"tight\";q=1;w=6", second.headers().firstValue("RateLimit-Policy").orElseThrow());
        assertEquals(200, get(client, url(proxy.listenAddress()), "X-Api-Key", "b").statusCode());
        HttpResponse<String> json = get(client, admin("/config"));
        assertTrue(json.body().contains("\"key\" : \"header:X-Api-Key\""), json.body());
        HttpResponse<String> yaml = get(client, admin("/config?format=yaml"));
        assertTrue(yaml.body().contains("key: header:X-Api-Key"), yaml.body());
    }

    @Test
    void aComposedKeyPutOverTheAdminPortLimitsEachRouteAndApiKeyApart() throws Exception {
        HttpResponse<String> r = put("key: route+header:X-Api-Key\nlimiter: {algorithm: token-bucket, rate: 1/m,"
                + " burst: 1}\n");
        assertEquals(200, r.statusCode(), r.body());
        HostPort at = proxy.listenAddress();
        assertEquals(200, get(client, url(at, "/a"), "X-Api-Key", "k1").statusCode());
        assertEquals(429, get(client, url(at, "/a"), "X-Api-Key", "k1").statusCode(), "same route, same key");
        assertEquals(200, get(client, url(at, "/b"), "X-Api-Key", "k1").statusCode(), "another route");
        assertEquals(200, get(client, url(at, "/a"), "x-api-key", "k2").statusCode(), "another key");
        assertEquals(200, get(client, url(at, "/a")).statusCode(), "no key: the '-' key of its own");
        assertTrue(get(client, admin("/config")).body().contains("\"key\" : \"route+header:X-Api-Key\""));
    }

    @Test
    void aBadConfigIsRefusedWith400AndTheOldOneStays() throws Exception {
        String before = get(client, admin("/config")).body();
        assertRefused(put("limiter: {algorithm: token-bucket, rate: 10/s}\n"), "burst");
        assertRefused(put("limiter: {algorithm: leaky-sideways, rate: 10/s}\n"), "leaky-sideways");
        assertRefused(put("{\"limiter\": {\"algorithm\": \"token-bucket\", \"rate\": \"fast\", \"burst\": 1}}"),
                "rate");
        assertRefused(put("key: cookie:x\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\n"), "cookie:x");
        assertRefused(put("limiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\nrejectStatus: 200\n"),
                "rejectStatus");
        assertRefused(put("limiter: [unclosed\n"), "");
        assertRefused(put(""), "empty");
        assertEquals(before, get(client, admin("/config")).body(), "the old configuration stays");
        assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
        assertEquals(7, proxy.metrics().totals().configRefused());
        assertTrue(get(client, admin("/metrics")).body()
                .contains("ratelab_proxy_config_changes_total{result=\"refused\"} 7"));
    }

    @Test
    void healthAndUnknownPaths() throws Exception {
        assertEquals("ok\n", get(client, admin("/healthz")).body());
        assertEquals(404, get(client, admin("/nope")).statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(admin("/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
    }

    private static void assertRefused(HttpResponse<String> r, String mentions) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("config refused, the previous one stays: "), r.body());
        assertTrue(r.body().contains(mentions), "'" + r.body() + "' should mention " + mentions);
    }
}
