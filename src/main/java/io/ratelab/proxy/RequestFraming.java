package io.ratelab.proxy;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * A strict reader of the byte stream one client sends, run over every byte before Undertow's (lenient) parser sees
 * it, so that the proxy forwards only requests whose framing it has read exactly as RFC 9112 defines it. It follows
 * the stream message by message: request line, field lines, then the body by its declared framing (Content-Length
 * skipped, chunked read chunk by chunk), then the next request — so pipelined requests are checked too.
 *
 * <p>Refused (400, unless noted): a request line that is not {@code METHOD SP target SP HTTP/1.x} (another major
 * version: 505; the method CONNECT: 501); a field name that is not a token, whitespace between a name and its colon, a line without a
 * colon, obsolete line folding, a control character (other than HTAB) or DEL in a value, a bare CR; a Content-Length
 * that is not digits, does not fit in 63 bits or is repeated; Transfer-Encoding together with Content-Length, in an
 * HTTP/1.0 request, or without chunked as its final coding (a coding besides chunked: 501); an HTTP/1.1 request
 * without exactly one Host (HTTP/1.0: more than one); a head larger than the bound or with more than
 * {@value #MAX_FIELDS} field lines (431; trailers: 400); a chunk size that is not
 * hexadecimal or too large, chunk data not followed by CRLF. A bare LF ends a line (RFC 9112 §2.2 allows it), and
 * empty lines before a request line are skipped.
 *
 * <p>Use: {@link #scan} each run of bytes as it is read; it returns -1 while all is well. Not thread-safe (one
 * connection, one IO thread).
 */
final class RequestFraming {

    /** Why a message was refused: the status to answer, a reason for the body, and whether it was in a body. */
    record Violation(int status, String reason, boolean inBody) {
    }

    private static final int START = 0;
    private static final int METHOD = 1;
    private static final int TARGET = 2;
    private static final int VERSION = 3;
    private static final int LINE_LF = 4;
    private static final int FIELD_START = 5;
    private static final int NAME = 6;
    private static final int VALUE = 7;
    private static final int END_LF = 8;
    private static final int FIXED_BODY = 9;
    private static final int CHUNK_SIZE = 10;
    private static final int CHUNK_EXT = 11;
    private static final int CHUNK_SIZE_LF = 12;
    private static final int CHUNK_DATA = 13;
    private static final int CHUNK_DATA_CR = 14;
    private static final int CHUNK_DATA_LF = 15;
    private static final int FAILED = 16;
    private static final int LEADING = 17;

    private static final int OTHER = 0;
    private static final int CONTENT_LENGTH = 1;
    private static final int TRANSFER_ENCODING = 2;
    private static final int HOST = 3;

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    /** Field lines in one head or trailer section at most (Undertow's default bound, which used to answer first). */
    static final int MAX_FIELDS = 200;

    private static final String CONNECT = "CONNECT";

    private final int maxHeadBytes;
    private int fields;
    private int methodLength;
    /** The method read so far is a prefix of CONNECT. */
    private boolean connect;
    private int state = START;
    private boolean inTrailer;
    private int headBytes;
    private long headsStarted;
    private int versionIndex;
    private int major;
    private int minor;
    private final char[] name = new char[20];
    private int nameLength;
    private int kind;
    private boolean valueStarted;
    private boolean lineIsRequestLine;
    private long contentLength;
    private int lengthDigits;
    private boolean lengthEnded;
    private boolean lengthSeen;
    private StringBuilder transferEncoding;
    private int hosts;
    private long bodyRemaining;
    private int sizeDigits;
    private Violation violation;
    /** Scan position (absolute), where the current run began, where the current message began (-1: earlier). */
    private int at;
    private int runFrom;
    private int messageStart;
    private int refusedAt;
    /** The refusal is 501 (a transfer coding the proxy cannot forward), not 400. */
    private boolean notImplemented;

    /** @param maxHeadBytes the largest request head (request line and fields) accepted; larger ones get 431 */
    RequestFraming(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    /**
     * Reads bytes {@code [from, to)} of {@code buf} (absolute indexes; the buffer's position is not used).
     *
     * @return -1 when they are all well-formed so far; otherwise the number of bytes from {@code from} that belong to
     *         messages before the refused one (0 when the refused message began in an earlier run), and
     *         {@link #violation()} says why. After a violation every further byte is refused.
     */
    int scan(ByteBuffer buf, int from, int to) {
        if (state == FAILED) {
            return 0;
        }
        runFrom = from;
        messageStart = state == START ? from : -1;
        for (at = from; at < to; at++) {
            int before = state;
            boolean ok = state >= FIXED_BODY && state <= CHUNK_DATA_LF ? body(buf, to) : head(buf.get(at) & 0xff);
            if (!ok) {
                return refusedAt;
            }
            if (state == START && before != START) {
                messageStart = at + 1;
            }
        }
        return -1;
    }

    /** One byte of a head or a trailer section; false when refused. */
    private boolean head(int c) {
        if (state == START) {
            headsStarted++;
            headBytes = 0;
            startHead();
            state = LEADING;
        }
        if (++headBytes > maxHeadBytes) {
            return inTrailer ? failBody("trailer section larger than " + maxHeadBytes + " bytes")
                    : fail(431, "request head larger than " + maxHeadBytes + " bytes");
        }
        return switch (state) {
            case LEADING, METHOD, TARGET, VERSION -> requestLine(c);
            case LINE_LF -> c == '\n' ? check(endOfLine()) : fail(400, "a bare CR in the request head");
            case FIELD_START -> fieldStart(c);
            case NAME -> fieldName(c);
            case VALUE -> fieldValue(c);
            case END_LF -> c == '\n' ? check(endOfSection()) : fail(400, "a bare CR in the request head");
            default -> throw new IllegalStateException("state " + state);
        };
    }

    private boolean requestLine(int c) {
        switch (state) {
            case LEADING -> {
                if (c != '\r' && c != '\n') {
                    if (!TCHAR[c]) {
                        return fail(400, "the request line does not start with a method");
                    }
                    state = METHOD;
                    methodLength = 1;
                    connect = c == 'C';
                }
            }
            case METHOD -> {
                if (c == ' ') {
                    if (connect && methodLength == CONNECT.length()) {
                        // a 2xx would turn the pooled upstream connection into a tunnel the next client's request
                        // would be written into
                        return fail(501, "CONNECT is not supported: this is a reverse proxy, not a tunnel");
                    }
                    state = TARGET;
                } else if (!TCHAR[c]) {
                    return fail(400, "bad character " + hex(c) + " in the method");
                } else {
                    connect &= methodLength < CONNECT.length() && c == CONNECT.charAt(methodLength);
                    methodLength++;
                }
            }
            case TARGET -> {
                if (c == ' ') {
                    state = VERSION;
                    versionIndex = 0;
                } else if (c < 0x21 || c == 0x7f) {
                    return fail(400, "bad character " + hex(c) + " in the request target");
                }
            }
            default -> {
                if (!version(c)) {
                    return fail(400, "the request line does not end with HTTP/1.x");
                }
                if (versionIndex == 8 && major != 1) {
                    return fail(505, "HTTP/" + major + "." + minor + " is not supported");
                }
            }
        }
        return true;
    }

    private boolean fieldStart(int c) {
        if (c == '\r') {
            state = END_LF;
            return true;
        }
        if (c == '\n') {
            return check(endOfSection());
        }
        if (c == ' ' || c == '\t') {
            return fail(400, "obsolete line folding in the request head");
        }
        if (!TCHAR[c]) {
            return fail(400, "bad character " + hex(c) + " in a field name");
        }
        if (++fields > MAX_FIELDS) {
            return fail(431, "more than " + MAX_FIELDS + " header fields");
        }
        state = NAME;
        nameLength = 0;
        name(c);
        return true;
    }

    private boolean fieldName(int c) {
        if (c == ':') {
            kind = inTrailer ? OTHER : kindOfName();
            state = VALUE;
            valueStarted = false;
            return true;
        }
        if (TCHAR[c]) {
            name(c);
            return true;
        }
        if (c == ' ' || c == '\t') {
            return fail(400, "whitespace between the field name " + nameText() + " and its colon");
        }
        if (c == '\r' || c == '\n') {
            return fail(400, "a field line without a colon: " + nameText());
        }
        return fail(400, "bad character " + hex(c) + " in a field name");
    }

    private boolean fieldValue(int c) {
        if (c == '\r') {
            state = LINE_LF;
            return true;
        }
        if (c == '\n') {
            return check(endOfLine());
        }
        if (c < 0x20 && c != '\t' || c == 0x7f) {
            return fail(400, "control character " + hex(c) + " in the value of " + nameText());
        }
        return check(value(c));
    }

    /** Body bytes from {@code at}: skips payload, reads chunk framing; false when refused. */
    private boolean body(ByteBuffer buf, int to) {
        if (state == FIXED_BODY || state == CHUNK_DATA) {
            long skip = Math.min(bodyRemaining, to - at);
            bodyRemaining -= skip;
            at += (int) skip - 1;
            if (bodyRemaining == 0) {
                state = state == FIXED_BODY ? START : CHUNK_DATA_CR;
            }
            return true;
        }
        int c = buf.get(at) & 0xff;
        switch (state) {
            case CHUNK_SIZE -> {
                return chunkSize(c);
            }
            case CHUNK_EXT -> {
                if (c == '\n') {
                    endOfChunkSize();
                } else if (c == '\r') {
                    state = CHUNK_SIZE_LF;
                } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return failBody("control character " + hex(c) + " in a chunk extension");
                }
            }
            case CHUNK_SIZE_LF -> {
                if (c != '\n') {
                    return failBody("a bare CR after a chunk size");
                }
                endOfChunkSize();
            }
            case CHUNK_DATA_CR -> {
                if (c == '\n') {
                    startChunk();
                } else if (c == '\r') {
                    state = CHUNK_DATA_LF;
                } else {
                    return failBody("chunk data longer than its size");
                }
            }
            default -> {
                if (c != '\n') {
                    return failBody("chunk data longer than its size");
                }
                startChunk();
            }
        }
        return true;
    }

    /** Why the stream was refused, or null. */
    Violation violation() {
        return violation;
    }

    /** True while a request head has begun and not ended. */
    boolean inHead() {
        return (state > START && state <= END_LF || state == LEADING) && !inTrailer;
    }

    /** Bytes of the head in progress (0 between heads). */
    int headBytes() {
        return inHead() ? headBytes : 0;
    }

    /** Request heads begun so far; identifies the head in progress. */
    long headsStarted() {
        return headsStarted;
    }

    private void startHead() {
        inTrailer = false;
        fields = 0;
        lengthSeen = false;
        contentLength = 0;
        transferEncoding = null;
        hosts = 0;
        lineIsRequestLine = true;
        notImplemented = false;
    }

    private boolean version(int c) {
        int i = versionIndex++;
        if (i < 5) {
            return c == HTTP_SLASH[i];
        }
        if (i == 5 || i == 7) {
            if (c < '0' || c > '9') {
                return false;
            }
            if (i == 5) {
                major = c - '0';
            } else {
                minor = c - '0';
            }
            return true;
        }
        if (i == 6) {
            return c == '.';
        }
        if (i == 8 && c == '\r') {
            state = LINE_LF;
            return true;
        }
        if (i == 8 && c == '\n') {
            endOfLine();
            return true;
        }
        return false;
    }

    /** A line ended (LF seen): the request line or a field line. Returns a reason to refuse, or null. */
    private String endOfLine() {
        state = FIELD_START;
        if (lineIsRequestLine) {
            lineIsRequestLine = false;
            return null;
        }
        return switch (kind) {
            case CONTENT_LENGTH -> {
                if (lengthDigits == 0) {
                    yield "Content-Length is not a number";
                }
                if (lengthSeen) {
                    yield "more than one Content-Length";
                }
                lengthSeen = true;
                yield null;
            }
            case HOST -> {
                hosts++;
                yield null;
            }
            default -> null;
        };
    }

    private void name(int c) {
        if (nameLength < name.length) {
            name[nameLength] = (char) (c | 0x20);
        }
        nameLength++;
    }

    private String nameText() {
        return new String(name, 0, Math.min(nameLength, name.length)) + (nameLength > name.length ? "..." : "");
    }

    private int kindOfName() {
        lengthDigits = 0;
        lengthEnded = false;
        if (nameLength == 4 && matches("host")) {
            return HOST;
        }
        if (nameLength == 14 && matches("content-length")) {
            return CONTENT_LENGTH;
        }
        if (nameLength == 17 && matches("transfer-encoding")) {
            // several Transfer-Encoding lines form one list
            if (transferEncoding == null) {
                transferEncoding = new StringBuilder(16);
            } else {
                transferEncoding.append(',');
            }
            return TRANSFER_ENCODING;
        }
        return OTHER;
    }

    private boolean matches(String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if (name[i] != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One value byte (not CR, LF or a control character); returns a reason to refuse, or null. */
    private String value(int c) {
        boolean space = c == ' ' || c == '\t';
        if (!valueStarted && space) {
            return null;
        }
        valueStarted = true;
        if (kind == CONTENT_LENGTH) {
            if (space) {
                lengthEnded = true;
            } else if (c < '0' || c > '9' || lengthEnded) {
                return "Content-Length is not a number";
            } else {
                int d = c - '0';
                if (contentLength > (Long.MAX_VALUE - d) / 10) {
                    return "Content-Length does not fit in 63 bits";
                }
                contentLength = contentLength * 10 + d;
                lengthDigits++;
            }
        } else if (kind == TRANSFER_ENCODING) {
            transferEncoding.append((char) c);
        }
        return null;
    }

    /** The empty line ended a head or a trailer section. Returns a reason to refuse, or null. */
    private String endOfSection() {
        if (inTrailer) {
            inTrailer = false;
            state = START;
            return null;
        }
        if (transferEncoding != null) {
            if (lengthSeen) {
                return "both Transfer-Encoding and Content-Length";
            }
            if (minor == 0) {
                return "Transfer-Encoding in an HTTP/1.0 request";
            }
            String bad = chunkedLast(transferEncoding.toString());
            if (bad != null) {
                return bad;
            }
        }
        if (minor >= 1 ? hosts != 1 : hosts > 1) {
            return hosts == 0 ? "an HTTP/1.1 request without Host" : "more than one Host";
        }
        if (transferEncoding != null) {
            startChunk();
        } else if (contentLength > 0) {
            bodyRemaining = contentLength;
            state = FIXED_BODY;
        } else {
            state = START;
        }
        return null;
    }

    /** Null when the codings end with chunked and hold nothing else; 400 or 501 reasons otherwise. */
    private String chunkedLast(String codings) {
        String[] list = codings.toLowerCase(Locale.ROOT).split(",");
        int chunked = 0;
        String other = null;
        String last = null;
        for (String coding : list) {
            String t = coding.trim();
            if (t.isEmpty()) {
                continue;
            }
            last = t;
            if (t.equals("chunked")) {
                chunked++;
            } else if (other == null) {
                other = t;
            }
        }
        if (!"chunked".equals(last) || chunked > 1) {
            return "Transfer-Encoding must end with chunked, once";
        }
        if (other != null) {
            notImplemented = true;
            return "transfer coding '" + other + "' is not implemented";
        }
        return null;
    }

    private void startChunk() {
        state = CHUNK_SIZE;
        sizeDigits = 0;
        bodyRemaining = 0;
    }

    private boolean chunkSize(int c) {
        int digit = Character.digit(c, 16);
        if (digit >= 0) {
            if (bodyRemaining > (Long.MAX_VALUE >> 4)) {
                return failBody("chunk size too large");
            }
            bodyRemaining = bodyRemaining * 16 + digit;
            sizeDigits++;
            return true;
        }
        if (sizeDigits == 0) {
            return failBody("bad chunk size " + hex(c));
        }
        if (c == ';' || c == ' ' || c == '\t') {
            state = CHUNK_EXT;
        } else if (c == '\r') {
            state = CHUNK_SIZE_LF;
        } else if (c == '\n') {
            endOfChunkSize();
        } else {
            return failBody("bad chunk size " + hex(c));
        }
        return true;
    }

    private void endOfChunkSize() {
        if (bodyRemaining == 0) {
            inTrailer = true;
            headBytes = 0;
            fields = 0;
            state = FIELD_START;
        } else {
            state = CHUNK_DATA;
        }
    }

    private boolean check(String reason) {
        return reason == null || fail(400, reason);
    }

    private boolean fail(int status, String reason) {
        if (inTrailer) {
            return failBody(reason);
        }
        violation = new Violation(notImplemented ? 501 : status, reason, false);
        state = FAILED;
        refusedAt = messageStart < 0 ? 0 : messageStart - runFrom;
        return false;
    }

    private boolean failBody(String reason) {
        violation = new Violation(400, reason, true);
        state = FAILED;
        refusedAt = at - runFrom;
        return false;
    }

    private static String hex(int c) {
        return String.format("0x%02x", c);
    }
}
