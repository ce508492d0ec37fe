package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.ratelab.proxy.ProxyFixture.config;
import static io.ratelab.proxy.ProxyFixture.settled;
import static io.ratelab.proxy.ProxyFixture.tokenBucket;
import static io.ratelab.proxy.ProxyFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests in absolute form ({@code GET http://a.example/x}) over real sockets: the Host the upstream and the key
 * rules see is the target's authority, never the client's {@code Host} field (RFC 9112 §3.2.2); an empty authority or
 * one with userinfo is refused.
 */
class AbsoluteFormTest {

    private BodyReadingUpstream upstream;
    private LimitingProxy proxy;

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** One token per key and none back for an hour: a second request under the same key is rejected. */
    private void start(KeyRule key) throws IOException {
        upstream = new BodyReadingUpstream();
        proxy = LimitingProxy.start(config(url(upstream.address()), key, tokenBucket("1/h", 1)));
    }

    private RawClient.Response send(String request) throws IOException {
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            return c.send(request).response();
        }
    }

    private static String hostOf(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
                return line.substring(5).trim();
            }
        }
        return null;
    }

    @Test
    void theTargetsAuthorityIsTheForwardedHostAndTheHostKey() throws Exception {
        start(KeyRule.header("Host"));
        assertEquals(200, send("GET http://evil.example:8080/x?q=1 HTTP/1.1\r\nHost: good.example\r\n\r\n").status());
        String head = upstream.requests.get(0).head();
        assertTrue(head.startsWith("GET /x?q=1 HTTP/1.1\r\n"), head);
        assertEquals("evil.example:8080", hostOf(head), "the authority, not the client's Host: " + head);
        assertFalse(head.contains("good.example"), head);
        // the key was the authority: that key is spent, good.example's is not
        assertEquals(429, send("GET /y HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n").status());
        assertEquals(200, send("GET /y HTTP/1.1\r\nHost: good.example\r\n\r\n").status());
        assertEquals(2, upstream.requests.size());
        assertEquals(3, settled(proxy).received());
    }

    @Test
    void aRouteKeyIsThePathWhateverTheForm() throws Exception {
        start(KeyRule.ROUTE);
        assertEquals(200, send("GET http://a.example/r HTTP/1.1\r\nHost: a.example\r\n\r\n").status());
        assertEquals(429, send("GET /r HTTP/1.1\r\nHost: a.example\r\n\r\n").status(), "the same route: GET /r");
    }

    @Test
    void anEmptyAuthorityOrUserinfoIsRefusedWith400AndNeverForwarded() throws Exception {
        start(KeyRule.GLOBAL);
        for (String target : new String[] {"http:///x", "http://user:pw@a.example/x"}) {
            try (RawClient c = new RawClient(proxy.listenAddress())) {
                RawClient.Response r = c.send("GET " + target + " HTTP/1.1\r\nHost: a.example\r\n\r\n").response();
                assertEquals(400, r.status(), target + ": " + r.head());
                assertTrue(r.body().contains("authority"), r.body());
                assertTrue(c.closedByPeer(), target);
            }
        }
        assertEquals(0, upstream.requests.size());
        assertEquals(2, PrometheusText.parse(proxy.metrics().prometheus())
                .value("ratelab_proxy_requests_refused_total", Map.of("reason", "malformed")));
        assertEquals(200, send("GET http://a.example/ok HTTP/1.1\r\nHost: a.example\r\n\r\n").status(),
                "the limiter's one token was not spent on the refused ones");
        List<BodyReadingUpstream.Request> got = upstream.requests;
        assertEquals("a.example", hostOf(got.get(0).head()));
    }
}
