package io.ratelab.proxy.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The framing of one upstream response, as a state machine over the connection's read buffer: the head (skipping
 * {@code 1xx} interim heads), then the body by {@code Content-Length}, by chunks ({@link ChunkedDecoder}), or up to
 * the connection's end. It decides which buffered bytes are body and hands them to a {@link Relay}, which writes them
 * to the client; when the client cannot take more, it remembers where it stopped and {@link #resume}s there. The
 * connection ({@link UpstreamConnection}) owns the buffer, the channels and the connection's lifecycle.
 * Confined to the connection's IO thread; not thread-safe.
 */
final class ResponseFraming {

    /** Where the framed bytes go: the client's response. Called on the connection's IO thread. */
    interface Relay {
        /**
         * A final response head arrived; put it on the client's response.
         *
         * @return false when the response has no body (it is then complete)
         */
        boolean started(ResponseHead head) throws IOException;

        /** Writes body bytes from {@code in} to the client; returns how many it took (0: the client is full). */
        int write(ByteBuffer in) throws IOException;

        /** The client took nothing: stop reading the upstream until {@link #resume} can go on. */
        void waitForClient();

        /** The response is complete; {@code leftover}: bytes follow it in the buffer (so the connection is unusable). */
        void finished(boolean leftover);
    }

    private static final int DONE = 0;
    private static final int HEAD = 1;
    private static final int FIXED = 2;
    private static final int CHUNKED = 3;
    private static final int UNTIL_CLOSE = 4;

    private final ResponseHead response = new ResponseHead();
    private final ChunkedDecoder chunks = new ChunkedDecoder();
    private final Relay relay;
    private int state = DONE;
    private long remaining;
    /** Chunk payload bytes at the buffer's position that the decoder consumed but the client has not taken yet. */
    private int pending;

    ResponseFraming(Relay relay) {
        this.relay = relay;
    }

    /** A request went out: the next bytes are a response head. */
    void expectHead() {
        state = HEAD;
    }

    /** True when the body runs to the connection's end (no length, not chunked): the end of stream completes it. */
    boolean readsUntilClose() {
        return state == UNTIL_CLOSE;
    }

    /**
     * Consumes what the buffer holds: the head, then body bytes. Returns false when reading must stop (the response
     * is done, or the client cannot take more).
     *
     * @throws ResponseHead.MalformedResponseException when the upstream's bytes are not an HTTP/1.x response
     */
    boolean process(ByteBuffer in) throws IOException {
        while (true) {
            switch (state) {
                case HEAD -> {
                    if (!response.parse(in)) {
                        if (in.position() == 0 && in.limit() == in.capacity()) {
                            throw new ResponseHead.MalformedResponseException("response head larger than "
                                    + in.capacity() + " bytes");
                        }
                        return true;
                    }
                    if (!start(in)) {
                        return false;
                    }
                }
                case FIXED -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    if (n > 0 && !relay(in, n)) {
                        return false;
                    }
                    if (remaining == 0) {
                        finish(in.hasRemaining());
                        return false;
                    }
                    return true;
                }
                case CHUNKED -> {
                    int n = chunks.next(in);
                    if (n > 0) {
                        if (!relay(in, n)) {
                            return false;
                        }
                    } else if (chunks.isDone()) {
                        finish(in.hasRemaining());
                        return false;
                    } else {
                        return true;
                    }
                }
                case UNTIL_CLOSE -> {
                    return in.remaining() == 0 || relay(in, in.remaining());
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /** The client can take more: relays what it left, then goes on as {@link #process} does. */
    boolean resume(ByteBuffer in) throws IOException {
        if (pending > 0) {
            int p = pending;
            pending = 0;
            if (!relay(in, p)) {
                return false;
            }
        }
        return process(in);
    }

    /** The end of stream completed a response that runs to the connection's end. */
    void endedByClose() {
        finish(false);
    }

    /** Applies a parsed head; false when the response is already complete (no body). */
    private boolean start(ByteBuffer in) throws IOException {
        int status = response.status;
        if (status >= 100 && status < 200) {
            if (status == 101) {
                throw new ResponseHead.MalformedResponseException("protocol upgrades are not supported");
            }
            return true;
        }
        if (!relay.started(response)) {
            finish(in.hasRemaining());
            return false;
        }
        if (response.chunked) {
            chunks.reset();
            state = CHUNKED;
        } else if (response.contentLength >= 0) {
            remaining = response.contentLength;
            state = FIXED;
        } else {
            state = UNTIL_CLOSE;
        }
        return true;
    }

    /** Writes the next {@code n} buffered body bytes to the client; false when it must wait for the client. */
    private boolean relay(ByteBuffer in, int n) throws IOException {
        int limit = in.limit();
        in.limit(in.position() + n);
        try {
            while (in.hasRemaining()) {
                int w = relay.write(in);
                if (state == FIXED) {
                    remaining -= w;
                }
                if (w == 0) {
                    if (state == CHUNKED) {
                        pending = in.remaining();
                    }
                    relay.waitForClient();
                    return false;
                }
            }
        } finally {
            in.limit(limit);
        }
        return true;
    }

    private void finish(boolean leftover) {
        state = DONE;
        relay.finished(leftover);
    }
}
