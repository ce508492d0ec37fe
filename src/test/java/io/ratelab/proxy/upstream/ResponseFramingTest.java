package io.ratelab.proxy.upstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the lean client's response head parser and chunk decoder, including input split at every byte. */
class ResponseFramingTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aHeadIsFoundOnlyWhenCompleteAndItsFieldsDecoded() throws Exception {
        String head = "HTTP/1.1 201 Created\r\nContent-Length: 12\r\nconnection: Close, X-Hop\r\nX-Hop: a\r\n"
                + "X-Other:  spaced value \t\r\n\r\nbody";
        ResponseHead h = new ResponseHead();
        for (int cut = 0; cut < head.length() - 4; cut++) {
            ByteBuffer partial = bytes(head.substring(0, cut));
            assertFalse(h.parse(partial), "incomplete at " + cut);
            assertEquals(0, partial.position(), "an incomplete head is not consumed");
        }
        ByteBuffer all = bytes(head);
        assertTrue(h.parse(all));
        assertEquals("body", StandardCharsets.ISO_8859_1.decode(all).toString(), "the position is past the head");
        assertEquals(201, h.status);
        assertTrue(h.http11);
        assertEquals(12, h.contentLength);
        assertTrue(h.connectionClose);
        assertEquals(4, h.count);
        assertEquals("spaced value", h.values[3]);
        assertTrue(h.namedByConnection(2), "X-Hop is named by Connection");
        assertFalse(h.namedByConnection(3));
    }

    @Test
    void malformedHeadsAreRefused() {
        ResponseHead h = new ResponseHead();
        assertThrows(ResponseHead.MalformedResponseException.class, () -> h.parse(bytes("HTTP/2 200 OK\r\n\r\n")));
        assertThrows(ResponseHead.MalformedResponseException.class, () -> h.parse(bytes("HTTP/1.1 2x0 OK\r\n\r\n")));
        assertThrows(ResponseHead.MalformedResponseException.class,
                () -> h.parse(bytes("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n")));
        assertThrows(ResponseHead.MalformedResponseException.class,
                () -> h.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")));
        assertThrows(ResponseHead.MalformedResponseException.class,
                () -> h.parse(bytes("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")));
    }

    @Test
    void chunksDecodeWhateverTheReadBoundaries() throws Exception {
        String body = "4;name=value\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n";
        String expected = "Wikipedia in \r\n\r\nchunks.";
        for (int step = 1; step <= body.length(); step++) {
            ChunkedDecoder d = new ChunkedDecoder();
            d.reset();
            StringBuilder out = new StringBuilder();
            byte[] all = body.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer buf = ByteBuffer.allocate(all.length);
            int fed = 0;
            while (!d.isDone()) {
                int n = Math.min(step, all.length - fed);
                buf.put(all, fed, n);
                fed += n;
                buf.flip();
                int payload;
                while ((payload = d.next(buf)) > 0) {
                    byte[] p = new byte[payload];
                    buf.get(p);
                    out.append(new String(p, StandardCharsets.ISO_8859_1));
                }
                buf.compact();
                if (fed == all.length && !d.isDone()) {
                    throw new AssertionError("not done after all input, step " + step);
                }
            }
            assertEquals(expected, out.toString(), "read in steps of " + step);
        }
    }

    @Test
    void badChunkSizesAreRefused() {
        ChunkedDecoder d = new ChunkedDecoder();
        d.reset();
        assertThrows(ResponseHead.MalformedResponseException.class, () -> d.next(bytes("zz\r\n")));
        ChunkedDecoder e = new ChunkedDecoder();
        e.reset();
        assertThrows(ResponseHead.MalformedResponseException.class, () -> {
            ByteBuffer b = bytes("2\r\nabcd\r\n");
            e.next(b);
            b.position(b.position() + 2);
            e.next(b);
        });
    }
}
