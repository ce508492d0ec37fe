package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the lean upstream client against every way an HTTP/1.1 upstream may frame a response: chunked (with
 * extensions and trailers), unframed until close, HEAD/204/304 without body, interim 1xx heads, Connection: close,
 * a body far larger than the buffer, and malformed responses answered 502.
 */
class UpstreamResponsesTest {

    private final HttpClient client = client();
    private ScriptedUpstream upstream;
    private LimitingProxy proxy;

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private void start(Function<String, ScriptedUpstream.Answer> script) throws Exception {
        upstream = new ScriptedUpstream(script);
        proxy = LimitingProxy.start(config(url(upstream.address()), KeyRule.GLOBAL, tokenBucket("1000/s", 1000),
                List.of(), false, new ProxyConfig.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), null));
    }

    private HttpResponse<String> send(String method) throws Exception {
        return client.send(HttpRequest.newBuilder(url(proxy.listenAddress(), "/x")).method(method,
                HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chunkedResponsesAreDecodedAndRelayedOnAKeptConnection() throws Exception {
        start(head -> ScriptedUpstream.Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n"));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = send("GET");
            assertEquals(200, r.statusCode());
            assertEquals("hello world!", r.body());
            assertEquals("1", r.headers().firstValue("X-A").orElseThrow());
        }
        assertEquals(3, upstream.heads.size());
        assertEquals(0, settled(proxy).errors());
    }

    @Test
    void aResponseWithoutLengthEndsWhenTheUpstreamCloses() throws Exception {
        start(head -> ScriptedUpstream.Answer.closing("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close"));
        for (int i = 0; i < 2; i++) {
            assertEquals("until close", send("GET").body());
        }
    }

    @Test
    void responsesWithoutBodyAndInterimHeads() throws Exception {
        start(head -> {
            if (head.startsWith("HEAD")) {
                return ScriptedUpstream.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
            }
            if (head.startsWith("DELETE")) {
                return ScriptedUpstream.Answer.of("HTTP/1.1 204 No Content\r\n\r\n");
            }
            if (head.startsWith("PUT")) {
                return ScriptedUpstream.Answer.of("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
            return ScriptedUpstream.Answer.of("HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\n\r\n");
        });
        HttpResponse<String> head = send("HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("1234", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(204, send("DELETE").statusCode());
        HttpResponse<String> put = send("PUT");
        assertEquals(200, put.statusCode());
        assertEquals("ok", put.body(), "the interim 103 head is skipped");
        HttpResponse<String> notModified = send("GET");
        assertEquals(304, notModified.statusCode());
        assertEquals("\"e\"", notModified.headers().firstValue("ETag").orElseThrow());
        assertEquals(4, upstream.heads.size(), "one connection served all: " + upstream.heads.size());
        assertEquals(0, settled(proxy).errors());
    }

    @Test
    void connectionCloseFromTheUpstreamIsHonoured() throws Exception {
        start(head -> ScriptedUpstream.Answer.closing("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3"
                + "\r\n\r\nbye"));
        for (int i = 0; i < 3; i++) {
            assertEquals("bye", send("GET").body());
        }
        assertEquals(0, settled(proxy).errors());
    }

    @Test
    void aBodyManyTimesTheBufferArrivesIntact() throws Exception {
        byte[] body = new byte[3_000_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        String bodyText = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        start(head -> ScriptedUpstream.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n"
                + bodyText));
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(url(proxy.listenAddress(), "/big"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] got = r.body().readAllBytes();
        assertEquals(body.length, got.length);
        assertTrue(Arrays.equals(body, got), "same bytes");
        assertEquals(200, send("GET").statusCode(), "the connection is reused after a large body");
    }

    @Test
    void malformedResponsesAre502() throws Exception {
        start(head -> head.contains("/x")
                ? ScriptedUpstream.Answer.closing("SMTP ready\r\n\r\n")
                : ScriptedUpstream.Answer.closing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
        HttpResponse<String> garbage = send("GET");
        assertEquals(502, garbage.statusCode());
        assertTrue(garbage.body().contains("malformed response"), garbage.body());
        HttpResponse<InputStream> truncated = client.send(HttpRequest.newBuilder(url(proxy.listenAddress(), "/t"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, truncated.statusCode(), "the head was already relayed");
        assertFalse(readsFully(truncated.body(), 10), "the client sees the body cut off, not a short success");
        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(2, t.errors());
    }

    private static boolean readsFully(InputStream in, int expected) {
        try (in) {
            return in.readAllBytes().length == expected;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
