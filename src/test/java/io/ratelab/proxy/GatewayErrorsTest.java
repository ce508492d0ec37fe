package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the upstream failure paths: 502 unreachable, 504 on request and connect timeouts, retry of a stale connection. */
class GatewayErrorsTest {

    private final HttpClient client = client();
    private LimitingProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start(URI upstream, Duration connect, Duration request) throws Exception {
        proxy = LimitingProxy.start(config(upstream, KeyRule.GLOBAL, tokenBucket("1000/s", 1000), List.of(), false,
                new ProxyConfig.Timeouts(connect, request), null));
    }

    @Test
    void unreachableUpstreamIs502WithAClearBody() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        start(URI.create("http://127.0.0.1:" + freePort), Duration.ofSeconds(2), Duration.ofSeconds(5));
        HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/x"));
        assertEquals(502, r.statusCode());
        assertTrue(r.body().contains("unreachable"), r.body());
        assertTrue(r.body().contains("127.0.0.1:" + freePort), r.body());
        assertTrue(r.headers().firstValue("RateLimit").isPresent(), "the limiter admitted it; its fields stay");
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(1, t.errors());
        assertEquals(0, t.admitted());
        assertTrue(proxy.metrics().prometheus().contains(
                "ratelab_proxy_errors_total{limiter=\"token-bucket\",status=\"502\"} 1"));
    }

    @Test
    void upstreamThatNeverAnswersIs504AfterTheRequestTimeout() throws Exception {
        try (RawUpstream silent = new RawUpstream(false, false)) {
            start(url(silent.address()), Duration.ofSeconds(2), Duration.ofMillis(300));
            HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/slow"));
            assertTrue(silent.firstRequest.await(5, TimeUnit.SECONDS), "the request reached the upstream");
            assertEquals(504, r.statusCode());
            assertTrue(r.body().contains("did not answer within 300 ms"), r.body());
            assertEquals(1, settled(proxy).errors());
        }
    }

    @Test
    void upstreamThatDoesNotAcceptIs504AfterTheConnectTimeout() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillAcceptQueue(full.getLocalPort());
            try {
                start(URI.create("http://127.0.0.1:" + full.getLocalPort()), Duration.ofMillis(300),
                        Duration.ofSeconds(10));
                HttpResponse<String> r = get(client, url(proxy.listenAddress()));
                assertEquals(504, r.statusCode());
                assertTrue(r.body().contains("did not accept a connection within 300 ms"), r.body());
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aKeepAliveConnectionTheUpstreamClosedIsRetriedOnAFreshOne() throws Exception {
        try (RawUpstream closing = new RawUpstream(true, true)) {
            start(url(closing.address()), Duration.ofSeconds(2), Duration.ofSeconds(5));
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/again"));
                assertEquals(200, r.statusCode(), "request " + i + ": " + r.body());
                assertEquals("slow\n", r.body());
            }
            assertEquals(5, closing.heads.size(), "each request reached the upstream exactly once");
            assertEquals(0, settled(proxy).errors());
        }
    }

    /** Connects until the listen backlog is full, so the kernel drops further connection attempts (Linux). */
    private static List<Socket> fillAcceptQueue(int port) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                sockets.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return sockets;
            }
        }
        throw new IllegalStateException("the accept queue never filled; cannot provoke a connect timeout here");
    }
}
