package io.ratelab.proxy;

import java.nio.ByteBuffer;

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
 * <p>This class holds the stream's state machine, line endings, the head bound, and the body's framing (fixed length
 * skipped, chunk sizes and chunk ends read); {@link RequestLine} reads the request line and {@link FramingFields} the
 * fields that decide the framing.
 *
 * <p>Use: {@link #scan} each run of bytes as it is read; it returns -1 while all is well. Not thread-safe (one
 * connection, one IO thread).
 */
final class RequestFraming {

    /** Why a message was refused: the status to answer, a reason for the body, and whether it was in a body. */
    record Violation(int status, String reason, boolean inBody) {
    }

    private static final int START = 0;
    private static final int REQUEST_LINE = 1;
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

    /** Field lines in one head or trailer section at most (Undertow's default bound, which used to answer first). */
    static final int MAX_FIELDS = 200;

    private final int maxHeadBytes;
    private int fieldCount;
    private int state = START;
    private boolean inTrailer;
    private int headBytes;
    private long headsStarted;
    private final RequestLine line = new RequestLine();
    private final FramingFields fields = new FramingFields();
    private boolean lineIsRequestLine;
    private long bodyRemaining;
    private int sizeDigits;
    private Violation violation;
    /** Scan position (absolute), where the current run began, where the current message began (-1: earlier). */
    private int at;
    private int runFrom;
    private int messageStart;
    private int refusedAt;

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
            state = REQUEST_LINE;
        }
        if (++headBytes > maxHeadBytes) {
            return inTrailer ? failBody("trailer section larger than " + maxHeadBytes + " bytes")
                    : fail(431, "request head larger than " + maxHeadBytes + " bytes");
        }
        return switch (state) {
            case REQUEST_LINE -> requestLine(c);
            case LINE_LF -> c == '\n' ? check(endOfLine()) : fail(400, "a bare CR in the request head");
            case FIELD_START -> fieldStart(c);
            case NAME -> fieldName(c);
            case VALUE -> fieldValue(c);
            case END_LF -> c == '\n' ? check(endOfSection()) : fail(400, "a bare CR in the request head");
            default -> throw new IllegalStateException("state " + state);
        };
    }

    private boolean requestLine(int c) {
        return switch (line.next(c)) {
            case RequestLine.CR -> {
                state = LINE_LF;
                yield true;
            }
            case RequestLine.LF -> check(endOfLine());
            case RequestLine.REFUSED -> fail(line.status(), line.reason());
            default -> true;
        };
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
        if (!RequestLine.isTokenChar(c)) {
            return fail(400, "bad character " + RequestLine.hex(c) + " in a field name");
        }
        if (++fieldCount > MAX_FIELDS) {
            return fail(431, "more than " + MAX_FIELDS + " header fields");
        }
        state = NAME;
        fields.startName(c);
        return true;
    }

    private boolean fieldName(int c) {
        if (c == ':') {
            fields.startValue(!inTrailer);
            state = VALUE;
            return true;
        }
        if (RequestLine.isTokenChar(c)) {
            fields.name(c);
            return true;
        }
        if (c == ' ' || c == '\t') {
            return fail(400, "whitespace between the field name " + fields.nameText() + " and its colon");
        }
        if (c == '\r' || c == '\n') {
            return fail(400, "a field line without a colon: " + fields.nameText());
        }
        return fail(400, "bad character " + RequestLine.hex(c) + " in a field name");
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
            return fail(400, "control character " + RequestLine.hex(c) + " in the value of " + fields.nameText());
        }
        return check(fields.value(c));
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
                    return failBody("control character " + RequestLine.hex(c) + " in a chunk extension");
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

    /** True between requests: the last one (head and body) has ended and no byte of the next has come. */
    boolean betweenRequests() {
        return state == START && !inTrailer;
    }

    /** True while a request head has begun and not ended. */
    boolean inHead() {
        return state > START && state <= END_LF && !inTrailer;
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
        fieldCount = 0;
        fields.reset();
        line.reset();
        lineIsRequestLine = true;
    }

    /** A line ended (LF seen): the request line or a field line. Returns a reason to refuse, or null. */
    private String endOfLine() {
        state = FIELD_START;
        if (lineIsRequestLine) {
            lineIsRequestLine = false;
            return null;
        }
        return fields.endOfLine();
    }

    /** The empty line ended a head or a trailer section. Returns a reason to refuse, or null. */
    private String endOfSection() {
        if (inTrailer) {
            inTrailer = false;
            state = START;
            return null;
        }
        String bad = fields.endOfHead(line.minor());
        if (bad != null) {
            return bad;
        }
        if (fields.chunked()) {
            startChunk();
        } else if (fields.contentLength() > 0) {
            bodyRemaining = fields.contentLength();
            state = FIXED_BODY;
        } else {
            state = START;
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
            return failBody("bad chunk size " + RequestLine.hex(c));
        }
        if (c == ';' || c == ' ' || c == '\t') {
            state = CHUNK_EXT;
        } else if (c == '\r') {
            state = CHUNK_SIZE_LF;
        } else if (c == '\n') {
            endOfChunkSize();
        } else {
            return failBody("bad chunk size " + RequestLine.hex(c));
        }
        return true;
    }

    private void endOfChunkSize() {
        if (bodyRemaining == 0) {
            inTrailer = true;
            headBytes = 0;
            fieldCount = 0;
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
        violation = new Violation(fields.notImplemented() ? 501 : status, reason, false);
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
}
