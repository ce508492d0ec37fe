package io.ratelab.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the strict request reader: what RFC 9112 says to refuse is refused, wherever the reads split the bytes. */
class RequestFramingTest {

    private static final String GET = "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
    private static final String CHUNKED = "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;ext=1\r\nWiki\r\nA\r\n0123456789\r\n0\r\nTrailer-Field: t\r\n\r\n";
    private static final String FIXED = "PUT /f HTTP/1.1\r\nhost: x\r\nContent-Length: 5\r\n\r\nhello";

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Scans {@code s} in reads of {@code step} bytes; returns the first non -1 result's violation or null. */
    private static RequestFraming.Violation scanInSteps(String s, int step) {
        RequestFraming f = new RequestFraming(64 * 1024);
        ByteBuffer b = bytes(s);
        for (int from = 0; from < b.limit(); from += step) {
            if (f.scan(b, from, Math.min(b.limit(), from + step)) != -1) {
                return f.violation();
            }
        }
        return null;
    }

    @Test
    void wellFormedPipelinedMessagesPassWhateverTheReadBoundaries() {
        String stream = GET + CHUNKED + FIXED + "\r\n" + GET.replace("HTTP/1.1\r\nHost: x\r\n", "HTTP/1.0\r\n");
        for (int step = 1; step <= stream.length(); step++) {
            assertNull(scanInSteps(stream, step), "read in steps of " + step);
        }
    }

    @Test
    void onlyTheMethodConnectItselfIsRefused() {
        for (String method : new String[] {"CONNECTED", "CONNEC", "XCONNECT", "connect", "COPY"}) {
            assertNull(scanInSteps(method + " / HTTP/1.1\r\nHost: x\r\n\r\n", 1), method);
        }
    }

    @Test
    void headBytesAndHeadCountFollowTheStream() {
        RequestFraming f = new RequestFraming(1024);
        ByteBuffer b = bytes(FIXED + "GET / HT");
        assertEquals(-1, f.scan(b, 0, 10));
        assertTrue(f.inHead());
        assertEquals(10, f.headBytes());
        assertEquals(-1, f.scan(b, 10, FIXED.length() - 2));
        assertFalse(f.inHead(), "in the body");
        assertEquals(0, f.headBytes());
        assertEquals(-1, f.scan(b, FIXED.length() - 2, b.limit()));
        assertTrue(f.inHead());
        assertEquals(8, f.headBytes());
        assertEquals(2, f.headsStarted());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("NUL in a value",
                        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n", 400, "control character 0x00"),
                Arguments.of("0x01 in a value",
                        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n", 400, "control character 0x01"),
                Arguments.of("DEL in a value",
                        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u007fb\r\n\r\n", 400, "control character 0x7f"),
                Arguments.of("space in a name",
                        "GET / HTTP/1.1\r\nHost: x\r\nX A: b\r\n\r\n", 400, "whitespace between"),
                Arguments.of("space before colon",
                        "GET / HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n", 400, "whitespace between"),
                Arguments.of("no colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", 400, "without a colon"),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400, "folding"),
                Arguments.of("bare CR", "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n", 400, "bare CR"),
                Arguments.of("CL overflow 2^64+3",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551619\r\n\r\nabc",
                        400, "63 bits"),
                Arguments.of("CL 2^63",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775808\r\n\r\n", 400, "63 bits"),
                Arguments.of("CL sign",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", 400, "not a number"),
                Arguments.of("CL list",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", 400, "not a number"),
                Arguments.of("CL empty", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", 400, "not a number"),
                Arguments.of("CL twice",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                        400, "more than one"),
                Arguments.of("CL and TE",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\n",
                        400, "both"),
                Arguments.of("TE not chunked",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400, "end with chunked"),
                Arguments.of("TE chunked twice",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
                        400, "end with chunked"),
                Arguments.of("TE gzip then chunked",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
                        501, "'gzip' is not implemented"),
                Arguments.of("TE in HTTP/1.0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "HTTP/1.0"),
                Arguments.of("no Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, "without Host"),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host"),
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "not supported"),
                Arguments.of("HTTP/0.9", "GET /\r\n\r\n", 400, "bad character 0x0d"),
                Arguments.of("two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "HTTP/1.x"),
                Arguments.of("bad method", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "in the method"),
                Arguments.of("bad chunk size",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                        400, "bad chunk size"),
                Arguments.of("chunk too long",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
                        400, "longer than its size"),
                Arguments.of("huge chunk size",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
                        400, "too large"),
                Arguments.of("CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", 501,
                        "CONNECT is not supported"),
                Arguments.of("201 field lines", "GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(201) + "\r\n", 431,
                        "more than 200 header fields"),
                Arguments.of("201 trailer fields", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n" + "T: v\r\n".repeat(201) + "\r\n", 400, "more than 200 header fields"),
                Arguments.of("NUL in a trailer",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \u0000\r\n\r\n",
                        400, "control character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whatRfc9112RefusesIsRefusedWhereverTheReadsSplit(String name, String message, int status, String reason) {
        for (int step = 1; step <= message.length(); step++) {
            RequestFraming.Violation v = scanInSteps(message, step);
            assertNotNull(v, name + ", steps of " + step);
            assertEquals(status, v.status(), name + ": " + v);
            assertTrue(v.reason().contains(reason), name + ": " + v.reason());
        }
    }

    @Test
    void aHeadOverTheBoundIs431() {
        RequestFraming f = new RequestFraming(100);
        String big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(100) + "\r\n\r\n";
        assertEquals(0, f.scan(bytes(big), 0, big.length()));
        assertEquals(431, f.violation().status());
    }

    @Test
    void theBytesBeforeARefusedPipelinedMessageAreReportedAsGood() {
        String stream = FIXED + "GET / HTTP/1.1\r\nX A: b\r\n\r\n";
        RequestFraming f = new RequestFraming(1024);
        assertEquals(FIXED.length(), f.scan(bytes(stream), 0, stream.length()));
        RequestFraming g = new RequestFraming(1024);
        assertEquals(-1, g.scan(bytes(stream), 0, FIXED.length() + 3));
        assertEquals(0, g.scan(bytes(stream), FIXED.length() + 3, stream.length()),
                "the refused head began in an earlier read");
        String badChunk = CHUNKED.replace("A\r\n0123456789", "A\r\n0123456789xx");
        RequestFraming h = new RequestFraming(1024);
        int good = h.scan(bytes(badChunk), 0, badChunk.length());
        assertEquals(badChunk.indexOf("xx"), good, "a body is good up to the refused byte");
        assertTrue(h.violation().inBody());
    }

    @Test
    void leadingEmptyLinesAreSkippedButBounded() {
        assertNull(scanInSteps("\r\n\n" + GET, 1));
        RequestFraming f = new RequestFraming(64);
        String lines = "\r\n".repeat(40);
        assertEquals(0, f.scan(bytes(lines), 0, lines.length()));
        assertEquals(431, f.violation().status());
    }

    @Test
    void bareLfLineEndsAndObsTextAreAccepted() {
        assertNull(scanInSteps("GET / HTTP/1.1\nHost: x\nX-A: caf\u00e9\t\n\n", 1));
    }
}
