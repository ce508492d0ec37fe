package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves what reaches the upstream: path prefix and query, bodies, X-Forwarded-*, and no hop-by-hop fields. */
class ForwardingTest {

    private final HttpClient client = client();
    private RecordingUpstream upstream;
    private LimitingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = new RecordingUpstream();
        proxy = LimitingProxy.start(config(URI.create("http://" + upstream.address() + "/base/"), KeyRule.IP,
                tokenBucket("1000/s", 1000)));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void pathQueryAndForwardedFieldsReachTheUpstream() throws Exception {
        HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/items/7?color=red&x=%20y"),
                "X-Forwarded-For", "203.0.113.9");
        assertEquals(200, r.statusCode());
        RecordingUpstream.Received got = upstream.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(got);
        assertEquals("GET", got.method());
        assertEquals("/base/items/7?color=red&x=%20y", got.uri());
        assertEquals("203.0.113.9, 127.0.0.1", got.headers().getFirst("X-Forwarded-For"),
                "the peer is appended to what the client sent");
        assertEquals("http", got.headers().getFirst("X-Forwarded-Proto"));
        assertEquals("kept", r.headers().firstValue("X-Upstream").orElseThrow());
        assertFalse(r.headers().firstValue("X-Resp-Hop").isPresent(), "a field the upstream's Connection names is dropped");
    }

    @Test
    void requestBodiesAreForwardedWithContentLengthAndChunked() throws Exception {
        String body = "x".repeat(100_000);
        HttpResponse<String> fixed = client.send(HttpRequest.newBuilder(url(proxy.listenAddress(), "/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fixed.statusCode());
        assertEquals("echo 100000", fixed.body());
        RecordingUpstream.Received got = upstream.received.poll(5, TimeUnit.SECONDS);
        assertEquals("POST", got.method());
        assertEquals(body, got.body());

        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(url(proxy.listenAddress(), "/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        body.getBytes(StandardCharsets.UTF_8)))).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("echo 100000", chunked.body(), "a chunked body of unknown length arrives whole");
    }

    @Test
    void hopByHopFieldsAreNotForwarded() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.listenAddress().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /hop HTTP/1.1\r\nHost: example.test\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                    + "X-End: kept\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertFalse(head.toLowerCase().contains("x-resp-hop"), head);
        }
        RecordingUpstream.Received got = upstream.received.poll(5, TimeUnit.SECONDS);
        assertEquals("kept", got.headers().getFirst("X-End"));
        assertEquals("example.test", got.headers().getFirst("Host"), "the client's Host is kept");
        assertNull(got.headers().getFirst("X-Hop"), "named by Connection");
        assertNull(got.headers().getFirst("Keep-Alive"));
        assertNull(got.headers().getFirst("TE"));
        assertNull(got.headers().getFirst("Proxy-Authorization"));
        String connection = got.headers().getFirst("Connection");
        assertTrue(connection == null || !connection.contains("X-Hop"), "upstream Connection: " + connection);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        // the second request arrives while the first waits for the upstream: reads are (lazily) suspended then
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.listenAddress().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /one HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /two HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String first = readHead(in);
            assertTrue(first.startsWith("HTTP/1.1 200"), first);
            assertEquals("echo 3", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
            String second = readHead(in);
            assertTrue(second.startsWith("HTTP/1.1 200"), second);
            assertEquals("echo 0", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
        }
        assertEquals("/base/one", upstream.received.poll(5, TimeUnit.SECONDS).uri());
        assertEquals("/base/two", upstream.received.poll(5, TimeUnit.SECONDS).uri());
    }

    @Test
    void expectContinueIsAnsweredByTheProxyOnceAdmitted() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.listenAddress().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String interim = readHead(s.getInputStream());
            assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
        }
        RecordingUpstream.Received got = upstream.received.poll(5, TimeUnit.SECONDS);
        assertEquals("hello", got.body());
        assertNull(got.headers().getFirst("Expect"), "the upstream does not see Expect");
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }
}
