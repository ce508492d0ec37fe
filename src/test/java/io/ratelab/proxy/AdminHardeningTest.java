package io.ratelab.proxy;

import io.ratelab.limit.SpecException;
import io.ratelab.proxy.admin.AdminHandler;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin port against hostile clients: stalled {@code PUT} bodies do not delay {@code /healthz} or
 * {@code /metrics}; a non-loopback admin address needs a token and {@code PUT /config} then needs it too; limiter
 * names that a header or a label cannot carry are refused; retired limiters' series are dropped while the totals stay
 * exact.
 */
class AdminHardeningTest {

    private static final String TOKEN = "0123456789abcdef-test-token";
    private final HttpClient client = client();

    private static ProxyConfig withToken(ProxyConfig c, Path tokenFile) {
        return c.withAdmin(c.admin(), tokenFile == null ? null : tokenFile.toString());
    }

    @Test
    void stalledConfigBodiesDoNotBlockHealthOrMetrics() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("10/s", 5)))) {
            // more stalled bodies than the admin listener has task threads (2): each promises 1000 bytes, sends 10
            for (int i = 0; i < 6; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", proxy.adminAddress().port()), 5_000);
                OutputStream out = s.getOutputStream();
                out.write(("PUT /config HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                        + "Content-Length: 1000\r\n\r\nlimiter: {").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(s);
            }
            HttpResponse<String> health = bounded(url(proxy.adminAddress(), "/healthz"));
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());
            HttpResponse<String> metrics = bounded(url(proxy.adminAddress(), "/metrics"));
            assertEquals(200, metrics.statusCode());
            PrometheusText.parse(metrics.body());
            assertEquals(200, bounded(url(proxy.adminAddress(), "/config")).statusCode());
            // and a well-formed PUT still goes through while the others hang
            HttpResponse<String> put = client.send(HttpRequest.newBuilder(url(proxy.adminAddress(), "/config"))
                    .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(
                            "limiter: {algorithm: token-bucket, rate: 5/s, burst: 1}\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            // the held-back bodies are cut off once their time is up (timeouts.adminBody, 10 s by default)
            for (Socket s : stalled) {
                s.setSoTimeout(40_000);
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void aStalledConfigBodyIsCutAtTheConfiguredAdminBodyTimeoutWhileHealthAnswers() throws Exception {
        Duration adminBody = Duration.ofSeconds(2);
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("10/s", 5), List.of(), false,
                     new ProxyConfig.Timeouts(null, null, null, null, adminBody), null));
             RawClient stalled = new RawClient(proxy.adminAddress())) {
            long start = System.nanoTime();
            stalled.send("PUT /config HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nlimiter: {");
            HttpResponse<String> health = bounded(url(proxy.adminAddress(), "/healthz"));
            assertEquals(200, health.statusCode(), "/healthz answers while the body is held back");
            RawClient.Response r = stalled.response();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(408, r.status(), r.head());
            assertTrue(r.body().contains("within 2000 ms (timeouts.adminBody)"), r.head() + r.body());
            assertTrue(stalled.closedByPeer());
            // cut at the configured 2 s, not the 10 s default (wide bounds: the machine may be loaded)
            assertTrue(seconds >= 1.9 && seconds < 9, "cut after " + seconds + " s");
            assertEquals(1, proxy.metrics().totals().configRefused());
            assertEquals("10/s", proxy.settings().limiter().rate().toString(), "the limit is unchanged");
            assertEquals(200, bounded(url(proxy.adminAddress(), "/healthz")).statusCode());
        }
    }

    @Test
    void aTrickledAdminHeadIsCutAtTheRequestHeadTimeoutAndALargeOneIsRefused() throws Exception {
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("10/s", 5), List.of(), false,
                     new ProxyConfig.Timeouts(null, null, Duration.ofSeconds(1), null), null));
             RawClient slow = new RawClient(proxy.adminAddress());
             RawClient big = new RawClient(proxy.adminAddress())) {
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            try {
                long start = System.nanoTime();
                slow.send("GET /healthz HTTP/1.1\r\nHo");
                // a byte every 100 ms: before, the admin port held such a head for as long as it kept coming
                trickle.scheduleAtFixedRate(() -> {
                    try {
                        slow.send("x");
                    } catch (IOException e) {
                        // closed by the proxy: what the test waits for
                    }
                }, 100, 100, TimeUnit.MILLISECONDS);
                assertEquals(200, bounded(url(proxy.adminAddress(), "/healthz")).statusCode());
                assertTrue(slow.closedByPeer(), "the trickled head is cut");
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(seconds >= 0.9 && seconds < 15, "cut after " + seconds + " s");
            } finally {
                trickle.shutdownNow();
            }
            // a head over 16 KiB is not held (each such connection could hold 1 MiB before)
            RawClient.Response r = big.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "b".repeat(HttpListeners.ADMIN_MAX_HEAD_BYTES)).response();
            assertEquals(400, r.status(), r.head());
            assertTrue(big.closedByPeer());
            assertEquals(200, bounded(url(proxy.adminAddress(), "/healthz")).statusCode());
        }
    }

    @Test
    void aConfigBodyLargerThanAMebibyteIsRefusedWith413() throws Exception {
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("10/s", 5)))) {
            // refused on the announced length, before any of the body is read
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", proxy.adminAddress().port()), 5_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("PUT /config HTTP/1.1\r\nHost: x\r\nContent-Length: " + (2 << 20)
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(response.startsWith("HTTP/1.1 413 "), response);
                assertTrue(response.contains("larger than 1048576 bytes"), response);
            }
            assertEquals(1, proxy.metrics().totals().configRefused());
        }
    }

    @Test
    void aNonLoopbackAdminAddressIsRefusedWithoutAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxyConfig.builder()
                .listen(ANY_PORT).upstream(URI.create("http://127.0.0.1:9000")).admin(HostPort.parse("0.0.0.0:9901"))
                .key(KeyRule.GLOBAL).limiter(tokenBucket("1/s", 1)).ioThreads(1).build());
        assertTrue(e.getMessage().startsWith("admin: 0.0.0.0:9901 is not a loopback address"), e.getMessage());
        assertTrue(e.getMessage().contains("--admin-token-file"), e.getMessage());
        assertFalse(HostPort.parse("[::]:1").isLoopback());
        assertTrue(HostPort.parse("127.0.0.2:1").isLoopback());
        assertTrue(HostPort.parse("[::1]:1").isLoopback());
        // with a token file named, the same address is accepted (binding it is not this test's business)
        ProxyConfig ok = withToken(config(URI.create("http://127.0.0.1:9000"), KeyRule.GLOBAL, tokenBucket("1/s", 1)),
                Path.of("token")).withAdmin(HostPort.parse("0.0.0.0:9901"), "token");
        assertEquals("token", ok.adminTokenFile());
    }

    @Test
    void withATokenPutNeedsTheBearerTokenAndReadsStayOpen(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("admin-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(withToken(config(url(upstream.listenAddress()),
                     KeyRule.GLOBAL, tokenBucket("10/s", 5)), tokenFile))) {
            String body = "limiter: {algorithm: token-bucket, rate: 1000000/s, burst: 1000000}\n";
            HttpResponse<String> none = put(proxy, body);
            assertEquals(401, none.statusCode(), none.body());
            assertEquals("Bearer realm=\"ratelab admin\"", none.headers().firstValue("WWW-Authenticate")
                    .orElseThrow());
            assertEquals(401, put(proxy, body, "Authorization", "Bearer wrong-token-of-some-length").statusCode());
            assertEquals(401, put(proxy, body, "Authorization", "Basic " + TOKEN).statusCode());
            assertEquals("10/s", proxy.settings().limiter().rate().toString(), "unchanged by refused PUTs");
            assertEquals(3, proxy.metrics().totals().configRefused());
            assertEquals(200, put(proxy, body, "Authorization", "Bearer " + TOKEN).statusCode());
            assertEquals("1000000/s", proxy.settings().limiter().rate().toString());
            assertEquals(200, bounded(url(proxy.adminAddress(), "/healthz")).statusCode());
            assertEquals(200, bounded(url(proxy.adminAddress(), "/metrics")).statusCode());
            assertTrue(proxy.describe().contains("PUT needs the token"), proxy.describe());
        }
    }

    @Test
    void anUnusableTokenFileStopsTheStartNamingTheFile(@TempDir Path dir) throws Exception {
        ProxyConfig base = config(URI.create("http://127.0.0.1:9000"), KeyRule.GLOBAL, tokenBucket("1/s", 1));
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path shortOne = Files.writeString(dir.resolve("short"), "abc\n");
        Path spaced = Files.writeString(dir.resolve("spaced"), "abcdefgh ijklmnopqrs\n");
        assertStartRefused(withToken(base, dir.resolve("missing")), "no such file");
        assertStartRefused(withToken(base, dir), "is not a regular file");
        assertStartRefused(withToken(base, empty), "is empty");
        assertStartRefused(withToken(base, shortOne), "at least 16");
        assertStartRefused(withToken(base, spaced), "visible ASCII");
    }

    private static void assertStartRefused(ProxyConfig c, String mentions) {
        IOException e = assertThrows(IOException.class, () -> LimitingProxy.start(c).close());
        assertTrue(e.getMessage().startsWith("adminTokenFile: "), e.getMessage());
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
    }

    @Test
    void limiterNamesAHeaderCannotCarryAreRefused() throws Exception {
        assertThrows(SpecException.class, () -> tokenBucket("1/s", 1).withName("a\r\nX-Injected: 1"));
        assertThrows(SpecException.class, () -> tokenBucket("1/s", 1).withName("caf\u00e9"));
        assertThrows(SpecException.class, () -> tokenBucket("1/s", 1).withName("x".repeat(101)));
        assertEquals(100, tokenBucket("1/s", 1).withName("x".repeat(100)).name().length());
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("10/s", 5)))) {
            HttpResponse<String> cr = put(proxy, "{\"limiter\": {\"name\": \"a\\r\\nb\", \"algorithm\": \"token-bucket\","
                    + " \"rate\": \"1/s\", \"burst\": 1}}");
            assertEquals(400, cr.statusCode(), cr.body());
            assertTrue(cr.body().contains("limiter.name: must be printable ASCII"), cr.body());
            assertTrue(cr.body().contains("control character 0x0D"), cr.body());
            assertEquals(1, cr.body().lines().count(), cr.body());
            HttpResponse<String> accent = put(proxy, "limiter: {name: \"d\u00e9bit\", algorithm: token-bucket,"
                    + " rate: 1/s, burst: 1}\n");
            assertEquals(400, accent.statusCode(), accent.body());
            assertTrue(accent.body().contains("U+00E9"), accent.body());
            assertEquals("token-bucket", proxy.settings().limiter().name());
        }
    }

    @Test
    void retiredLimitersSeriesAreDroppedAndTheTotalsStayExact() throws Exception {
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("1000/s", 1000)))) {
            for (int i = 0; i < 12; i++) {
                assertEquals(200, put(proxy, "limiter: {name: gen-" + i + ", algorithm: token-bucket, rate: 1000/s,"
                        + " burst: 1000}\n").statusCode());
                assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
            }
            ProxyMetrics.Totals t = settled(proxy);
            assertEquals(12, t.received());
            assertEquals(12, t.admitted(), "requests of retired limiters still count in the totals");
            PrometheusText m = PrometheusText.parse(bounded(url(proxy.adminAddress(), "/metrics")).body());
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                if (!Double.isNaN(m.value("ratelab_proxy_limiter_active", Map.of("limiter", "gen-" + i)))) {
                    shown.add("gen-" + i);
                }
            }
            assertEquals(List.of("gen-8", "gen-9", "gen-10", "gen-11"), shown,
                    "the limiter in force and the " + ProxyMetrics.RETIRED_KEPT + " before it");
            assertEquals(1, m.value("ratelab_proxy_limiter_active", Map.of("limiter", "gen-11")));
            assertEquals(4, m.sum("ratelab_proxy_admitted_total"));
        }
    }

    private HttpResponse<String> bounded(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(LimitingProxy proxy, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(proxy.adminAddress(), "/config"))
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFloodOfIdleAdminConnectionsIsCappedAndTheProxyServesOn() throws Exception {
        int flood = 200;
        List<Socket> held = new ArrayList<>();
        try (DemoUpstream upstream = demo();
             LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL,
                     tokenBucket("1000/s", 1000)))) {
            try {
                for (int i = 0; i < flood; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", proxy.adminAddress().port()), 5_000);
                    s.setSoTimeout(30_000);
                    held.add(s);
                }
                int cap = AdminConnections.MAX_OPEN;
                awaitMetric(proxy, "ratelab_proxy_admin_connections_refused_total", flood - cap);
                assertEquals(cap, metric(proxy, "ratelab_proxy_admin_connections_open"));
                RawClient.Response health;
                try (RawClient c = new RawClient(proxy.adminAddress())) {
                    health = c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").response();
                    assertTrue(c.closedByPeer(), "refused cleanly: answered, then closed");
                }
                assertEquals(503, health.status(), health.head());
                assertEquals("close", health.header("Connection"));
                assertTrue(health.body().contains("the admin port has " + cap + " connections open"), health.body());
                assertEquals(200, get(client, url(proxy.listenAddress(), "/")).statusCode(),
                        "the proxy listener serves on");
                // every connection ends: the refused ones at once after their 503, the idle ones at the idle timeout
                int answered503 = 0;
                for (Socket s : held) {
                    byte[] got = s.getInputStream().readAllBytes();
                    if (new String(got, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 503")) {
                        answered503++;
                    } else {
                        assertEquals(0, got.length, "an idle connection is closed without a word");
                    }
                }
                assertEquals(flood - cap, answered503);
                awaitMetric(proxy, "ratelab_proxy_admin_connections_open", 0);
                assertEquals(200, bounded(url(proxy.adminAddress(), "/healthz")).statusCode(),
                        "with the idle ones gone, the admin port answers again");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static double metric(LimitingProxy proxy, String name) {
        return PrometheusText.parse(proxy.metrics().prometheus()).value(name, Map.of());
    }

    /** Waits (yielding, bounded at 30 s) until the metric reads {@code expected}. */
    private static void awaitMetric(LimitingProxy proxy, String name, double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (metric(proxy, name) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " is " + metric(proxy, name) + ", expected " + expected);
            }
            Thread.yield();
        }
    }
}
