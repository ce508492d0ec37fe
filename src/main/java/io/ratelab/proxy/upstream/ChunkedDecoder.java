package io.ratelab.proxy.upstream;

import java.nio.ByteBuffer;

/**
 * Decodes a chunked message body (RFC 9112 §7.1) in place, for the lean upstream client: {@link #next} consumes
 * framing bytes from the buffer and reports the next run of payload bytes, which the caller relays and skips. Chunk
 * extensions and trailer fields are read and dropped. Reused per connection; not thread-safe.
 */
final class ChunkedDecoder {

    private static final int SIZE = 0;
    private static final int EXTENSION = 1;
    private static final int DATA = 2;
    private static final int DATA_END = 3;
    private static final int TRAILER_LINE_START = 4;
    private static final int TRAILER_LINE = 5;
    private static final int DONE = 6;

    private int state;
    private long chunkRemaining;
    private int sizeDigits;

    void reset() {
        state = SIZE;
        chunkRemaining = 0;
        sizeDigits = 0;
    }

    boolean isDone() {
        return state == DONE;
    }

    /**
     * Consumes framing from {@code buf} until payload bytes are available or the buffer is exhausted.
     *
     * @return the number of payload bytes that start at the buffer's position (the caller relays them and advances
     *         the position past them), or 0 when more input is needed or the body is complete ({@link #isDone()})
     * @throws ResponseHead.MalformedResponseException on bad framing
     */
    int next(ByteBuffer buf) throws ResponseHead.MalformedResponseException {
        while (buf.hasRemaining()) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(chunkRemaining, buf.remaining());
                    chunkRemaining -= n;
                    if (chunkRemaining == 0) {
                        state = DATA_END;
                    }
                    return n;
                }
                case SIZE -> size(buf.get());
                case EXTENSION -> {
                    if (buf.get() == '\n') {
                        endOfSizeLine();
                    }
                }
                case DATA_END -> {
                    byte b = buf.get();
                    if (b == '\n') {
                        state = SIZE;
                        sizeDigits = 0;
                    } else if (b != '\r') {
                        throw new ResponseHead.MalformedResponseException("chunk data longer than its size");
                    }
                }
                case TRAILER_LINE_START -> {
                    byte b = buf.get();
                    if (b == '\n') {
                        state = DONE;
                        return 0;
                    }
                    state = b == '\r' ? TRAILER_LINE_START : TRAILER_LINE;
                }
                case TRAILER_LINE -> {
                    if (buf.get() == '\n') {
                        state = TRAILER_LINE_START;
                    }
                }
                default -> {
                    return 0;
                }
            }
        }
        return 0;
    }

    private void size(byte b) throws ResponseHead.MalformedResponseException {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            if (++sizeDigits > 15) {
                throw new ResponseHead.MalformedResponseException("chunk size too large");
            }
            chunkRemaining = chunkRemaining * 16 + digit;
        } else if (b == ';' || b == ' ' || b == '\t' || b == '\r') {
            if (sizeDigits == 0) {
                throw new ResponseHead.MalformedResponseException("chunk without a size");
            }
            state = EXTENSION;
        } else if (b == '\n') {
            if (sizeDigits == 0) {
                throw new ResponseHead.MalformedResponseException("chunk without a size");
            }
            endOfSizeLine();
        } else {
            throw new ResponseHead.MalformedResponseException("bad chunk size character " + (char) b);
        }
    }

    private void endOfSizeLine() {
        if (chunkRemaining == 0) {
            state = TRAILER_LINE_START;
        } else {
            state = DATA;
        }
    }
}
