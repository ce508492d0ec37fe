package io.ratelab.proxy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses an HTTP/1.x response head (status line and fields) out of a read buffer, for the lean upstream client.
 * It is reused across the responses of one connection and keeps the fields in parallel arrays; the values the proxy
 * needs to frame the body (Content-Length, Transfer-Encoding, Connection) are decoded on the way. Names of common
 * fields map to Undertow's {@link HttpString} constants without allocating. Not thread-safe (one IO thread).
 *
 * <p>Accepted: {@code HTTP/1.0} and {@code HTTP/1.1}, fields {@code name: value} with optional whitespace, LF or CRLF
 * line ends. Refused (as a malformed response): obsolete line folding, a field without a colon, a status that is not
 * three digits, more than {@value #MAX_FIELDS} fields.
 */
final class ResponseHead {

    static final int MAX_FIELDS = 128;
    private static final HttpString[] KNOWN = {Headers.CONTENT_LENGTH, Headers.CONTENT_TYPE, Headers.DATE,
            Headers.SERVER, Headers.CONNECTION, Headers.TRANSFER_ENCODING, Headers.KEEP_ALIVE, Headers.CACHE_CONTROL,
            Headers.LAST_MODIFIED, Headers.ETAG, Headers.VARY, Headers.SET_COOKIE, Headers.LOCATION,
            Headers.CONTENT_ENCODING, Headers.EXPIRES, Headers.ACCEPT_RANGES, Headers.AGE, Headers.PRAGMA};

    int status;
    boolean http11;
    final HttpString[] names = new HttpString[MAX_FIELDS];
    final String[] values = new String[MAX_FIELDS];
    int count;
    /** Content-Length, or -1 when absent. */
    long contentLength;
    boolean chunked;
    boolean connectionClose;
    boolean connectionKeepAlive;
    /** Field names the Connection header lists (besides close / keep-alive), or null. */
    String connectionTokens;

    /**
     * Looks for a complete head in {@code buf} between its position and limit. When found, parses it, advances the
     * position past it and returns true; otherwise leaves the buffer alone and returns false.
     *
     * @throws MalformedResponseException when the head is not HTTP/1.x
     */
    boolean parse(ByteBuffer buf) throws MalformedResponseException {
        int start = buf.position();
        int end = endOfHead(buf, start, buf.limit());
        if (end < 0) {
            return false;
        }
        reset();
        int line = start;
        int eol = lineEnd(buf, line, end);
        statusLine(buf, line, eol);
        line = next(buf, eol);
        while (line < end) {
            eol = lineEnd(buf, line, end);
            if (eol == line) {
                break;
            }
            field(buf, line, eol);
            line = next(buf, eol);
        }
        buf.position(end);
        return true;
    }

    private void reset() {
        for (int i = 0; i < count; i++) {
            names[i] = null;
            values[i] = null;
        }
        count = 0;
        contentLength = -1;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionTokens = null;
    }

    /** The index just past the blank line that ends the head, or -1. */
    private static int endOfHead(ByteBuffer buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == '\n') {
                if (i + 1 < to && buf.get(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && buf.get(i + 1) == '\r' && buf.get(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Index of the line's end (its CR, or LF when there is no CR). */
    private static int lineEnd(ByteBuffer buf, int from, int to) {
        int i = from;
        while (i < to && buf.get(i) != '\n') {
            i++;
        }
        return i > from && buf.get(i - 1) == '\r' ? i - 1 : i;
    }

    private static int next(ByteBuffer buf, int eol) {
        return buf.get(eol) == '\r' ? eol + 2 : eol + 1;
    }

    private void statusLine(ByteBuffer buf, int from, int to) throws MalformedResponseException {
        if (to - from < 12 || buf.get(from) != 'H' || buf.get(from + 4) != '/' || buf.get(from + 5) != '1'
                || buf.get(from + 6) != '.' || buf.get(from + 8) != ' ') {
            throw new MalformedResponseException("not an HTTP/1.x status line: " + ascii(buf, from, Math.min(to, from + 40)));
        }
        http11 = buf.get(from + 7) == '1';
        int s = 0;
        for (int i = from + 9; i < from + 12; i++) {
            byte b = buf.get(i);
            if (b < '0' || b > '9') {
                throw new MalformedResponseException("status is not three digits: " + ascii(buf, from, to));
            }
            s = s * 10 + (b - '0');
        }
        status = s;
    }

    private void field(ByteBuffer buf, int from, int to) throws MalformedResponseException {
        byte first = buf.get(from);
        if (first == ' ' || first == '\t') {
            throw new MalformedResponseException("obsolete line folding in the response head");
        }
        int colon = from;
        while (colon < to && buf.get(colon) != ':') {
            colon++;
        }
        if (colon == to || colon == from) {
            throw new MalformedResponseException("a response field without a name or colon: " + ascii(buf, from, to));
        }
        if (count == MAX_FIELDS) {
            throw new MalformedResponseException("more than " + MAX_FIELDS + " response fields");
        }
        int v = colon + 1;
        while (v < to && (buf.get(v) == ' ' || buf.get(v) == '\t')) {
            v++;
        }
        int ve = to;
        while (ve > v && (buf.get(ve - 1) == ' ' || buf.get(ve - 1) == '\t')) {
            ve--;
        }
        HttpString name = name(buf, from, colon);
        String value = ascii(buf, v, ve);
        names[count] = name;
        values[count] = value;
        count++;
        if (name.equals(Headers.CONTENT_LENGTH)) {
            contentLength = parseLength(value);
        } else if (name.equals(Headers.TRANSFER_ENCODING)) {
            chunked = value.regionMatches(true, Math.max(0, value.length() - 7), "chunked", 0, 7);
        } else if (name.equals(Headers.CONNECTION)) {
            connection(value);
        }
    }

    private void connection(String value) {
        for (String token : value.split(",")) {
            String t = token.trim();
            if (t.equalsIgnoreCase("close")) {
                connectionClose = true;
            } else if (t.equalsIgnoreCase("keep-alive")) {
                connectionKeepAlive = true;
            } else if (!t.isEmpty()) {
                connectionTokens = connectionTokens == null ? t : connectionTokens + "," + t;
            }
        }
    }

    /** True when the field at {@code i} must not be forwarded because the Connection header names it. */
    boolean namedByConnection(int i) {
        if (connectionTokens == null) {
            return false;
        }
        for (String t : connectionTokens.split(",")) {
            if (names[i].equalToString(t)) {
                return true;
            }
        }
        return false;
    }

    private static long parseLength(String value) throws MalformedResponseException {
        if (value.isEmpty() || value.length() > 18) {
            throw new MalformedResponseException("bad Content-Length: " + value);
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponseException("bad Content-Length: " + value);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static HttpString name(ByteBuffer buf, int from, int to) {
        int len = to - from;
        for (HttpString k : KNOWN) {
            if (k.length() == len && sameIgnoringCase(k, buf, from)) {
                return k;
            }
        }
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = buf.get(from + i);
        }
        return new HttpString(b);
    }

    private static boolean sameIgnoringCase(HttpString k, ByteBuffer buf, int from) {
        for (int i = 0; i < k.length(); i++) {
            int a = k.byteAt(i);
            int b = buf.get(from + i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(ByteBuffer buf, int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = buf.get(from + i);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A response the proxy cannot understand; answered 502. */
    static final class MalformedResponseException extends java.io.IOException {
        MalformedResponseException(String message) {
            super("malformed response from the upstream: " + message);
        }
    }
}
