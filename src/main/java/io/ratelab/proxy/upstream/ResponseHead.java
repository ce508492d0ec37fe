package io.ratelab.proxy.upstream;

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
    /** The head's bytes, copied out of the (direct) read buffer in one go and parsed here. */
    private byte[] bytes = new byte[1024];

    /**
     * Looks for a complete head in {@code buf} between its position and limit. When found, parses it, advances the
     * position past it and returns true; otherwise leaves the buffer alone and returns false.
     *
     * @throws MalformedResponseException when the head is not HTTP/1.x
     */
    boolean parse(ByteBuffer buf) throws MalformedResponseException {
        int available = buf.remaining();
        if (bytes.length < available) {
            bytes = new byte[Math.max(available, bytes.length * 2)];
        }
        buf.get(buf.position(), bytes, 0, available);
        int end = endOfHead(bytes, available);
        if (end < 0) {
            return false;
        }
        reset();
        int line = 0;
        int eol = lineEnd(bytes, line, end);
        statusLine(bytes, line, eol);
        line = next(bytes, eol);
        while (line < end) {
            eol = lineEnd(bytes, line, end);
            if (eol == line) {
                break;
            }
            field(bytes, line, eol);
            line = next(bytes, eol);
        }
        buf.position(buf.position() + end);
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
    private static int endOfHead(byte[] b, int to) {
        for (int i = 0; i < to; i++) {
            if (b[i] == '\n') {
                if (i + 1 < to && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Index of the line's end (its CR, or LF when there is no CR). */
    private static int lineEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i > from && b[i - 1] == '\r' ? i - 1 : i;
    }

    private static int next(byte[] b, int eol) {
        return b[eol] == '\r' ? eol + 2 : eol + 1;
    }

    private void statusLine(byte[] b, int from, int to) throws MalformedResponseException {
        if (to - from < 12 || b[from] != 'H' || b[from + 4] != '/' || b[from + 5] != '1' || b[from + 6] != '.'
                || b[from + 8] != ' ') {
            throw new MalformedResponseException("not an HTTP/1.x status line: " + ascii(b, from, Math.min(to, from + 40)));
        }
        http11 = b[from + 7] == '1';
        int s = 0;
        for (int i = from + 9; i < from + 12; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new MalformedResponseException("status is not three digits: " + ascii(b, from, to));
            }
            s = s * 10 + (b[i] - '0');
        }
        status = s;
    }

    private void field(byte[] b, int from, int to) throws MalformedResponseException {
        if (b[from] == ' ' || b[from] == '\t') {
            throw new MalformedResponseException("obsolete line folding in the response head");
        }
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        if (colon == to || colon == from) {
            throw new MalformedResponseException("a response field without a name or colon: " + ascii(b, from, to));
        }
        if (count == MAX_FIELDS) {
            throw new MalformedResponseException("more than " + MAX_FIELDS + " response fields");
        }
        int v = colon + 1;
        while (v < to && (b[v] == ' ' || b[v] == '\t')) {
            v++;
        }
        int ve = to;
        while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        HttpString name = name(b, from, colon);
        String value = ascii(b, v, ve);
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
        if (value.equalsIgnoreCase("keep-alive")) {
            connectionKeepAlive = true;
            return;
        }
        if (value.equalsIgnoreCase("close")) {
            connectionClose = true;
            return;
        }
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

    private static HttpString name(byte[] b, int from, int to) {
        int len = to - from;
        for (HttpString k : KNOWN) {
            if (k.length() == len && sameIgnoringCase(k, b, from)) {
                return k;
            }
        }
        return new HttpString(b, from, len);
    }

    private static boolean sameIgnoringCase(HttpString k, byte[] b, int from) {
        for (int i = 0; i < k.length(); i++) {
            int x = k.byteAt(i);
            int y = b[from + i];
            if (x != y && (x | 0x20) != (y | 0x20)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A response the proxy cannot understand; answered 502. */
    static final class MalformedResponseException extends java.io.IOException {
        MalformedResponseException(String message) {
            super("malformed response from the upstream: " + message);
        }
    }
}
