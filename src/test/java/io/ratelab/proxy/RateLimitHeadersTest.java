package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the rate-limit fields are present and truthful: with a token bucket of 3 refilled 1 per minute and time
 * moved by hand, every value is known exactly (remaining after each request, seconds to full, Retry-After).
 */
class RateLimitHeadersTest {

    private final ManualClock clock = new ManualClock();
    private final HttpClient client = client();
    private RecordingUpstream upstream;
    private LimitingProxy proxy;

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private void start(boolean legacy) throws Exception {
        upstream = new RecordingUpstream();
        proxy = LimitingProxy.start(config(url(upstream.address()), KeyRule.GLOBAL,
                tokenBucket("1/m", 3).withName("per-minute"), List.of(), legacy, ProxyConfig.Timeouts.DEFAULT, null),
                clock::now);
    }

    @Test
    void admittedAndRejectedResponsesCarryExactIetfFields() throws Exception {
        start(false);
        String[] expectedRateLimit = {"\"per-minute\";r=2;t=60", "\"per-minute\";r=1;t=120",
                "\"per-minute\";r=0;t=180"};
        for (String expected : expectedRateLimit) {
            HttpResponse<String> r = get(client, url(proxy.listenAddress()));
            assertEquals(200, r.statusCode());
            assertEquals("\"per-minute\";q=3;w=180", r.headers().firstValue("RateLimit-Policy").orElseThrow());
            assertEquals(expected, r.headers().firstValue("RateLimit").orElseThrow());
            assertEquals("kept", r.headers().firstValue("X-Upstream").orElseThrow(), "upstream fields pass through");
            assertFalse(r.headers().firstValue("Retry-After").isPresent());
            assertFalse(r.headers().firstValue("X-RateLimit-Limit").isPresent(), "legacy fields are off by default");
        }
        HttpResponse<String> rejected = get(client, url(proxy.listenAddress()));
        assertEquals(429, rejected.statusCode());
        assertEquals("60", rejected.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("\"per-minute\";r=0;t=180", rejected.headers().firstValue("RateLimit").orElseThrow());
        assertEquals("\"per-minute\";q=3;w=180", rejected.headers().firstValue("RateLimit-Policy").orElseThrow());
        assertTrue(rejected.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(rejected.body().contains("Too many requests"), rejected.body());
        assertEquals(3, upstream.count.get(), "the rejection never reached the upstream");

        clock.advance(Duration.ofMillis(30_500));
        HttpResponse<String> later = get(client, url(proxy.listenAddress()));
        assertEquals(429, later.statusCode());
        assertEquals("30", later.headers().firstValue("Retry-After").orElseThrow(), "29.5 s rounds up to 30");
        assertEquals("\"per-minute\";r=0;t=150", later.headers().firstValue("RateLimit").orElseThrow());
    }

    @Test
    void legacyFieldsAndAnotherRejectStatusWhenConfigured() throws Exception {
        start(true);
        HttpResponse<String> first = get(client, url(proxy.listenAddress()));
        assertEquals("3", first.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("2", first.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertEquals("60", first.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        get(client, url(proxy.listenAddress()));
        get(client, url(proxy.listenAddress()));
        LimitSettings s = proxy.settings();
        proxy.apply(new LimitSettings(s.key(), s.limiter(), s.trustedProxies(), 503, true));
        HttpResponse<String> rejected = get(client, url(proxy.listenAddress()));
        assertEquals(503, rejected.statusCode(), "status changed, limiter state kept (same spec and key)");
        assertEquals("0", rejected.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertEquals("180", rejected.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertEquals("60", rejected.headers().firstValue("Retry-After").orElseThrow());
    }
}
