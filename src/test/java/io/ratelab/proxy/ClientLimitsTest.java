package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.config;
import static io.ratelab.proxy.ProxyFixture.settled;
import static io.ratelab.proxy.ProxyFixture.tokenBucket;
import static io.ratelab.proxy.ProxyFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-client suite, resources half: slow heads and paused bodies time out (408), connections are bounded in
 * all and per address (503 at once), and unfinished heads are bounded in bytes over all connections (the largest is
 * refused, 431). Waits are for events (a response, a close, a gauge reaching a value), each bounded.
 */
class ClientLimitsTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private BodyReadingUpstream upstream;
    private LimitingProxy proxy;
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void start(ProxyConfig.Timeouts timeouts, ProxyConfig.ClientLimits limits, List<String> trusted)
            throws IOException {
        upstream = new BodyReadingUpstream();
        proxy = LimitingProxy.start(config(url(upstream.address()), KeyRule.GLOBAL, tokenBucket("1000/s", 1000),
                trusted, false, timeouts, null).withClients(limits));
    }

    private RawClient connect(String source) throws IOException {
        RawClient c = new RawClient(proxy.listenAddress(), InetAddress.getByName(source));
        clients.add(c);
        return c;
    }

    private double metric(String name, Map<String, String> labels) {
        return PrometheusText.parse(proxy.metrics().prometheus()).value(name, labels);
    }

    /** Waits (yielding, bounded at 10 s) until the gauge reads {@code expected}. */
    private void awaitGauge(String name, double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metric(name, Map.of()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " is " + metric(name, Map.of()) + ", expected " + expected);
            }
            Thread.yield();
        }
    }

    @Test
    void aHeadTrickledByteByByteIsCutAtTheRequestHeadTimeoutWhileOthersAreServed() throws Exception {
        start(new ProxyConfig.Timeouts(null, null, Duration.ofSeconds(1), null), null, List.of());
        RawClient slow = connect("127.0.0.1").send("GET / HTTP/1.1\r\nHo");
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            // one more header byte every 100 ms: a deadline that restarted on each byte would never fire
            trickle.scheduleAtFixedRate(() -> {
                try {
                    slow.send("x");
                } catch (IOException e) {
                    // closed by the proxy: what the test waits for
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            assertEquals(200, connect("127.0.0.2").send(GET).response().status(), "another client is served");
            RawClient.Response r = slow.response();
            assertEquals(408, r.status());
            assertTrue(r.body().contains("timeouts.requestHead"), r.body());
            assertTrue(slow.closedByPeer());
        } finally {
            trickle.shutdownNow();
        }
        assertEquals(1, metric("ratelab_proxy_requests_refused_total", Map.of("reason", "head-timeout")));
        awaitGauge("ratelab_proxy_header_bytes_in_flight", 0);
    }

    @Test
    void aPausedBodyIsCutAtTheBodyIdleTimeoutWith408() throws Exception {
        start(new ProxyConfig.Timeouts(null, Duration.ofSeconds(30), null, Duration.ofSeconds(1)), null, List.of());
        RawClient c = connect("127.0.0.1").send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        RawClient.Response r = c.response();
        assertEquals(408, r.status(), "the client paused, not the upstream: 408, not the 504 of the request timeout");
        assertTrue(r.body().contains("timeouts.bodyIdle"), r.body());
        assertTrue(c.closedByPeer());
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(1, t.errors());
        assertEquals(1, metric("ratelab_proxy_errors_total", Map.of("limiter", "token-bucket", "status", "408")));
        assertEquals(200, connect("127.0.0.1").send(GET).response().status(), "the proxy serves on");
    }

    @Test
    void aBodyStalledAfter100ContinueIsCutAtTheBodyIdleTimeoutWith408() throws Exception {
        start(new ProxyConfig.Timeouts(null, Duration.ofSeconds(30), null, Duration.ofSeconds(1)), null, List.of());
        RawClient c = connect("127.0.0.1").send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                + "Expect: 100-continue\r\n\r\n");
        assertEquals(100, c.response().status(), "the proxy invites the body");
        RawClient.Response r = c.response();
        assertEquals(408, r.status(), "and the body that never comes is cut like any paused body");
        assertTrue(r.body().contains("timeouts.bodyIdle"), r.body());
        assertTrue(c.closedByPeer());
        assertEquals(1, settled(proxy).errors());
        assertEquals(200, connect("127.0.0.1").send(GET).response().status(), "the proxy serves on");
    }

    @Test
    void anUnknownExpectationIsAnswered417AndCountedWhile100ContinueInAnyCaseStillWorks() throws Exception {
        start(null, null, List.of());
        RawClient c = connect("127.0.0.1");
        RawClient.Response r = c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 200-ok\r\n\r\n")
                .response();
        assertEquals(417, r.status(), "answered without waiting for a body the client may hold back: " + r.head());
        assertTrue(r.body().contains("200-ok"), r.body());
        assertEquals("close", r.header("Connection"), "where the next request would begin is unknown");
        assertTrue(c.closedByPeer());
        r = connect("127.0.0.1").send("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue, x-later\r\n\r\n")
                .response();
        assertEquals(417, r.status(), "one unknown element in a list is enough");

        RawClient ok = connect("127.0.0.1");
        RawClient.Response interim = ok.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Expect: 100-CONTINUE\r\n\r\n").response();
        assertEquals(100, interim.status(), "100-continue is matched without regard to case");
        assertEquals(200, ok.send("hello").response().status());
        assertEquals(200, ok.send(GET).response().status());

        assertEquals(2, metric("ratelab_proxy_requests_refused_total", Map.of("reason", "expectation-failed")));
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(2, t.received(), "refused before the chain: not in received");
        assertEquals(2, t.admitted());
        assertEquals(2, upstream.requests.size(), "the upstream saw only the requests without an unknown expectation");
    }

    @Test
    void oneAddressMayHoldOnlyItsShareOfConnectionsAndTrustedProxiesAreExempt() throws Exception {
        start(null, new ProxyConfig.ClientLimits(null, 2, null, null), List.of("127.0.0.9/32"));
        for (int i = 0; i < 2; i++) {
            // each answered: the proxy has surely accepted it before the next one connects
            assertEquals(200, connect("127.0.0.1").send(GET).response().status());
        }
        RawClient third = connect("127.0.0.1");
        RawClient.Response r = third.send(GET).response();
        assertEquals(503, r.status());
        assertTrue(r.body().contains("clients.maxConnectionsPerAddress"), r.body());
        assertTrue(third.closedByPeer());
        assertEquals(200, connect("127.0.0.2").send(GET).response().status(), "another address is not held back");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, connect("127.0.0.9").send(GET).response().status(), "a trusted proxy carries many");
        }
        assertEquals(1, metric("ratelab_proxy_connections_refused_total", Map.of("reason", "per-address")));
        clients.remove(0).close();
        awaitGauge("ratelab_proxy_connections_open", 5);
        assertEquals(200, connect("127.0.0.1").send(GET).response().status(), "a closed connection frees its place");
    }

    @Test
    void pastMaxConnectionsANewConnectionIsRefusedAtOnceWithAReason() throws Exception {
        start(null, new ProxyConfig.ClientLimits(2, 0, null, null), List.of());
        assertEquals(200, connect("127.0.0.1").send(GET).response().status());
        assertEquals(200, connect("127.0.0.2").send(GET).response().status());
        RawClient third = connect("127.0.0.3");
        RawClient.Response r = third.send(GET).response();
        assertEquals(503, r.status());
        assertTrue(r.body().contains("clients.maxConnections"), r.body());
        assertTrue(third.closedByPeer());
        assertEquals(1, metric("ratelab_proxy_connections_refused_total", Map.of("reason", "max-connections")));
        assertEquals(0, settled(proxy).received() - 2, "a refused connection is no request");
        clients.remove(0).close();
        awaitGauge("ratelab_proxy_connections_open", 1);
        assertEquals(200, connect("127.0.0.3").send(GET).response().status());
    }

    @Test
    void clientsThatLeaveBetweenRequestsAreClosedAndNoLongerCounted() throws Exception {
        // the proxy closes these off its IO thread (ClosedByClient); the gate's count must still come down to 0
        start(null, new ProxyConfig.ClientLimits(1000, 0, null, null), List.of());
        for (int i = 0; i < 100; i++) {
            RawClient c = connect("127.0.1." + (i + 1));
            assertEquals(200, c.send(GET).response().status());
            assertEquals(200, c.send(GET).response().status(), "keep-alive: a second request on the connection");
            clients.remove(c);
            c.close();
        }
        awaitGauge("ratelab_proxy_connections_open", 0);
        assertEquals(200, settled(proxy).received());
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestStillGetsItsAnswer() throws Exception {
        // its FIN arrives while the request is in flight; the proxy answers, then closes
        start(null, new ProxyConfig.ClientLimits(1000, 0, null, null), List.of());
        RawClient c = connect("127.0.0.9").send(GET).shutdownOutput();
        assertEquals(200, c.response().status());
        assertTrue(c.closedByPeer(), "closed once answered");
        awaitGauge("ratelab_proxy_connections_open", 0);
    }

    @Test
    void pastTheHeaderBytesBoundTheLargestUnfinishedHeadIsRefused() throws Exception {
        start(null, new ProxyConfig.ClientLimits(null, null, 2048, 4096L), List.of());
        String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
        RawClient a = connect("127.0.0.1").send(head + "a".repeat(1900 - head.length()));
        awaitGauge("ratelab_proxy_header_bytes_in_flight", 1900);
        RawClient b = connect("127.0.0.2").send(head + "b".repeat(1000 - head.length()));
        awaitGauge("ratelab_proxy_header_bytes_in_flight", 2900);
        RawClient c = connect("127.0.0.3").send(head + "c".repeat(1500 - head.length()));
        RawClient.Response r = a.response();
        assertEquals(431, r.status(), "the largest unfinished head makes room");
        assertTrue(r.body().contains("clients.headerBytesInFlight"), r.body());
        assertTrue(a.closedByPeer());
        awaitGauge("ratelab_proxy_header_bytes_in_flight", 2500);
        assertEquals(200, b.send("\r\n\r\n").response().status(), "the others finish their heads and are served");
        assertEquals(200, c.send("\r\n\r\n").response().status());
        awaitGauge("ratelab_proxy_header_bytes_in_flight", 0);
        assertEquals(1, metric("ratelab_proxy_requests_refused_total", Map.of("reason", "header-budget")));
    }
}
