package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.ratelab.proxy.ProxyFixture.config;
import static io.ratelab.proxy.ProxyFixture.settled;
import static io.ratelab.proxy.ProxyFixture.tokenBucket;
import static io.ratelab.proxy.ProxyFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-client suite, framing half: each case a client sends on a real loopback socket, what it must get back,
 * what the upstream must (not) see and how the proxy counts it. RFC 9112 is the reference: what it says to reject is
 * answered 400 (431, 501, 505 where it says so) and the connection closed; nothing the proxy did not read the same way
 * reaches the upstream.
 */
class HostileClientTest {

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

    private void start(ProxyConfig.ClientLimits limits) throws IOException {
        upstream = new BodyReadingUpstream();
        // a short request timeout, so that a request the proxy fails to finish shows as a 504 soon
        proxy = LimitingProxy.start(config(url(upstream.address()), KeyRule.GLOBAL, tokenBucket("1000/s", 1000),
                List.of(), false, new ProxyConfig.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), null)
                .withClients(limits));
    }

    private PrometheusText metrics() {
        return PrometheusText.parse(proxy.metrics().prometheus());
    }

    @Test
    void anEmptyChunkedBodyIsFinishedTowardTheUpstreamAndTheConnectionServesTheNextClient() throws Exception {
        start(null);
        try (RawClient a = new RawClient(proxy.listenAddress())) {
            RawClient.Response r = a.send("POST /empty HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n").response();
            assertEquals(200, r.status(), r.head() + r.body());
            assertEquals("got 0 bytes", r.body());
        }
        try (RawClient b = new RawClient(proxy.listenAddress())) {
            RawClient.Response r = b.send("POST /next HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
                    .response();
            assertEquals(200, r.status());
            assertEquals("got 3 bytes", r.body());
        }
        assertEquals(0, upstream.badBodies.get(), "the upstream read every body whole");
        assertEquals(2, upstream.requests.size());
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(2, t.admitted());
    }

    @Test
    void aChunkedBodyIsReEncodedWhateverItsChunks() throws Exception {
        start(null);
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            c.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n");
            RawClient.Response r = c.send("5\r\npedia\r\n0\r\nTrailer: t\r\n\r\n").response();
            assertEquals("got 9 bytes", r.body());
        }
        assertEquals("Wikipedia", upstream.requests.get(0).body());
    }

    @Test
    void aPipelinedRequestIsAnsweredWhileTheNextIsStillArriving() throws Exception {
        start(null);
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            c.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHo");
            assertEquals(200, c.response().status(), "the complete first request is answered at once");
            c.send("st: x\r\n\r\nPOST /three HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiGET /four HTTP/1.1\r\n"
                    + "Host: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, c.response().status());
            assertEquals("got 2 bytes", c.response().body());
            assertEquals(200, c.response().status());
            assertTrue(c.closedByPeer());
        }
        assertEquals(4, upstream.requests.size());
        assertTrue(upstream.requests.get(3).head().startsWith("GET /four "));
    }

    @Test
    void aMalformedPipelinedRequestIsRefusedAfterTheRequestsBeforeItAreAnswered() throws Exception {
        start(null);
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            c.send("GET /good HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\r\nHost: x\r\nX A: b\r\n\r\n"
                    + "GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.response().status());
            RawClient.Response refused = c.response();
            assertEquals(400, refused.status());
            assertEquals("close", refused.header("Connection"));
            assertTrue(c.closedByPeer());
        }
        assertEquals(1, upstream.requests.size(), "only the request before the malformed one was forwarded");
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(1, t.received());
        assertEquals(1, metrics().value("ratelab_proxy_requests_refused_total", Map.of("reason", "malformed")));
    }

    static Stream<Arguments> malformedHeads() {
        String get = "GET / HTTP/1.1\r\nHost: x\r\n";
        return Stream.of(
                Arguments.of("NUL in a value", get + "X-A: a\u0000b\r\n\r\n", 400, "control character 0x00"),
                Arguments.of("0x01 in a value", get + "X-A: a\u0001b\r\n\r\n", 400, "control character 0x01"),
                Arguments.of("DEL in a value", get + "X-A: a\u007fb\r\n\r\n", 400, "control character 0x7f"),
                Arguments.of("space in a name", get + "X A: b\r\n\r\n", 400, "whitespace between"),
                Arguments.of("no colon", get + "NoColonHere\r\n\r\n", 400, "without a colon"),
                Arguments.of("Content-Length 2^64+3", "POST / HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 18446744073709551619\r\n\r\nabc", 400, "63 bits"),
                Arguments.of("Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, "both"),
                Arguments.of("a coding besides chunked", "POST / HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, "not implemented"),
                Arguments.of("CONNECT (a 2xx would make the pooled upstream connection a tunnel)",
                        "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", 501, "CONNECT is not"),
                Arguments.of("HTTP/2.0 request line", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void aMalformedHeadIsRefusedClosedAndNeverForwarded(String name, String request, int status, String reason)
            throws Exception {
        start(null);
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            RawClient.Response r = c.send(request).response();
            assertEquals(status, r.status(), name);
            assertTrue(r.body().contains(reason), r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByPeer(), "the connection is closed after the refusal");
        }
        assertEquals(0, upstream.requests.size(), "nothing reached the upstream");
        assertEquals(0, settled(proxy).received(), "a refused head never reaches the limiting chain");
        assertEquals(1, metrics().value("ratelab_proxy_requests_refused_total", Map.of("reason", "malformed")));
    }

    @Test
    void aBadChunkSizeIs400AndCountedAsAnErrorOf400() throws Exception {
        start(null);
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            c.send("POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            RawClient.Response r = c.send("zz\r\nmore\r\n0\r\n\r\n").response();
            assertEquals(400, r.status());
            assertTrue(r.body().contains("bad chunk size"), r.body());
            assertTrue(c.closedByPeer());
        }
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(1, t.received());
        assertEquals(1, t.errors());
        PrometheusText m = metrics();
        assertEquals(1, m.value("ratelab_proxy_errors_total", Map.of("limiter", "token-bucket", "status", "400")));
        assertEquals(1, m.sum("ratelab_proxy_errors_total"), "counted once, under 400 and nothing else");
    }

    @Test
    void aHeadOverMaxHeaderBytesIs431() throws Exception {
        start(new ProxyConfig.ClientLimits(null, null, 2048, null));
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n")
                    .response();
            assertEquals(431, r.status());
            assertTrue(c.closedByPeer());
        }
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Ok: " + "b".repeat(1500) + "\r\n\r\n")
                    .response().status(), "a head within the bound passes");
        }
        assertEquals(1, metrics().value("ratelab_proxy_requests_refused_total", Map.of("reason", "head-too-large")));
    }

    @Test
    void moreThan200HeaderFieldsAre431WithTheReasonAndCounted() throws Exception {
        start(null);
        StringBuilder fields = new StringBuilder();
        for (int i = 1; i < RequestFraming.MAX_FIELDS; i++) {
            fields.append("X-").append(i).append(": v\r\n");
        }
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            // Host and 199 others: 200 fields pass
            assertEquals(200, c.send("GET /200 HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n").response().status());
        }
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            // 201 fields in 2.5 KB, far within maxHeaderBytes: Undertow's own bound answered a bare 400 and no
            // counter saw it
            RawClient.Response r = c.send("GET /201 HTTP/1.1\r\nHost: x\r\n" + fields + "X-Last: v\r\n\r\n")
                    .response();
            assertEquals(431, r.status());
            assertTrue(r.body().contains("more than 200 header fields"), r.body());
            assertTrue(c.closedByPeer());
        }
        assertEquals(1, upstream.requests.size(), "only the request with 200 fields was forwarded");
        assertEquals(1, metrics().value("ratelab_proxy_requests_refused_total", Map.of("reason", "head-too-large")));
    }

    @Test
    void anHttp10KeepAliveRequestIsToldTheConnectionStaysOpenAndItDoes() throws Exception {
        start(null);
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            for (int i = 0; i < 2; i++) {
                RawClient.Response r = c.send("GET /k" + i + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .response();
                assertEquals(200, r.status());
                assertEquals("keep-alive", r.header("Connection"), "without it an HTTP/1.0 client takes the"
                        + " connection as closing (RFC 9112 C.2.2)");
            }
        }
        try (RawClient c = new RawClient(proxy.listenAddress())) {
            RawClient.Response r = c.send("GET /once HTTP/1.0\r\n\r\n").response();
            assertEquals(200, r.status());
            assertTrue(r.header("Connection") == null || r.header("Connection").equals("close"), r.head());
            assertTrue(c.closedByPeer(), "an HTTP/1.0 request without keep-alive closes");
        }
        assertEquals(3, upstream.requests.size());
    }
}
