package io.ratelab.proxy.upstream;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Copies a client's request body to an upstream connection without blocking: it loops while both sides keep up and
 * parks on the read or write listener when one does not. A body of unknown length is chunk-encoded here (each read
 * becomes one chunk, written with its size line and CRLF in one gathering write) and always ends with the last chunk
 * {@code 0 CRLF CRLF}, also when it is empty. The upstream connection is flushed, never shut down (it stays open for
 * the next request). One pooled buffer per relay, released at the end. Runs on the channels' IO thread; not
 * thread-safe.
 */
final class BodyRelay {

    /** What happens while the relay runs and when it ends. */
    interface Listener {
        /** Everything was written and flushed. */
        void sinkDone();

        /** A read ({@code reading}) or a write failed; the relay has stopped and released its buffer. */
        void failed(IOException e, boolean reading);

        /** The relay waits for the client's next bytes ({@code true}), or has them again ({@code false}). */
        void waitingForSource(boolean waiting);
    }

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final StreamSourceChannel source;
    private final StreamSinkChannel sink;
    private final Listener listener;
    private final boolean chunked;
    private final ByteBuffer[] out = new ByteBuffer[3];
    private final ByteBuffer sizeLine;
    private PooledByteBuffer pooled;
    private boolean sourceEnded;
    private boolean lastChunkQueued;
    private boolean finished;
    private boolean waitingToWrite;
    private boolean waitingToRead;
    /** The listener was told the relay waits for the client. */
    private boolean paused;

    private BodyRelay(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool pool, boolean chunked,
                      Listener listener) {
        this.source = source;
        this.sink = sink;
        this.chunked = chunked;
        this.listener = listener;
        this.pooled = pool.allocate();
        this.pooled.getBuffer().clear().flip();
        this.sizeLine = chunked ? ByteBuffer.allocate(18) : null;
        out[0] = NOTHING;
        out[1] = pooled.getBuffer();
        out[2] = NOTHING;
    }

    /**
     * Starts relaying; may complete (and call the listener) before it returns.
     *
     * @param chunked chunk-encode the body (its length is unknown); otherwise copy it as it is
     */
    static BodyRelay start(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool pool, boolean chunked,
                           Listener listener) {
        BodyRelay r = new BodyRelay(source, sink, pool, chunked, listener);
        r.pump();
        return r;
    }

    /** Stops the relay where it is (the request is being refused); no listener call follows. */
    void cancel() {
        if (finished) {
            return;
        }
        finished = true;
        if (waitingToRead) {
            waitingToRead = false;
            source.suspendReads();
        }
        if (waitingToWrite) {
            waitingToWrite = false;
            sink.suspendWrites();
        }
        release();
    }

    private final ChannelListener<StreamSourceChannel> onReadable = ch -> pump();
    private final ChannelListener<StreamSinkChannel> onWritable = ch -> pump();

    private void pump() {
        if (finished) {
            return;
        }
        try {
            while (true) {
                if (pending() && !write()) {
                    return;
                }
                if (sourceEnded) {
                    if (chunked && !lastChunkQueued) {
                        lastChunkQueued = true;
                        out[0] = ByteBuffer.wrap(LAST_CHUNK);
                        out[2] = NOTHING;
                        continue;
                    }
                    finishSink();
                    return;
                }
                if (!read()) {
                    return;
                }
            }
        } catch (IOException e) {
            fail(e, false);
        }
    }

    /** Reads the next piece into the buffer and frames it; false when the relay must wait or stopped. */
    private boolean read() {
        ByteBuffer buf = pooled.getBuffer();
        buf.clear();
        int n;
        try {
            n = source.read(buf);
        } catch (IOException e) {
            buf.flip();
            fail(e, true);
            return false;
        }
        buf.flip();
        if (finished) {
            // refused from within the read (a malformed body): the request is being answered
            return false;
        }
        if (n == -1) {
            // suspend only what we resumed: an idle client connection keeps its reads on to notice a close
            sourceEnded = true;
            if (waitingToRead) {
                waitingToRead = false;
                source.suspendReads();
            }
            paused(false);
            return true;
        }
        if (n == 0) {
            if (!waitingToRead) {
                source.getReadSetter().set(onReadable);
                source.resumeReads();
                waitingToRead = true;
            }
            paused(true);
            return false;
        }
        paused(false);
        if (chunked) {
            sizeLine.clear();
            sizeLine.put(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1)).put(CRLF).flip();
            out[0] = sizeLine;
            out[2] = ByteBuffer.wrap(CRLF);
        }
        return true;
    }

    private void paused(boolean now) {
        if (paused != now) {
            paused = now;
            listener.waitingForSource(now);
        }
    }

    private boolean pending() {
        return out[0].hasRemaining() || out[1].hasRemaining() || out[2].hasRemaining();
    }

    /** Writes what it can; false when the sink is full (then waits for it). */
    private boolean write() throws IOException {
        while (pending()) {
            if (sink.write(out, 0, 3) == 0) {
                if (waitingToRead) {
                    waitingToRead = false;
                    source.suspendReads();
                }
                sink.getWriteSetter().set(onWritable);
                sink.resumeWrites();
                waitingToWrite = true;
                return false;
            }
        }
        if (waitingToWrite) {
            waitingToWrite = false;
            sink.suspendWrites();
        }
        return true;
    }

    private void finishSink() throws IOException {
        if (!sink.flush()) {
            sink.getWriteSetter().set(ch -> {
                try {
                    if (ch.flush()) {
                        ch.suspendWrites();
                        done();
                    }
                } catch (IOException e) {
                    fail(e, false);
                }
            });
            sink.resumeWrites();
            return;
        }
        done();
    }

    private void done() {
        if (!finished) {
            finished = true;
            release();
            listener.sinkDone();
        }
    }

    private void fail(IOException e, boolean reading) {
        if (!finished) {
            finished = true;
            release();
            listener.failed(e, reading);
        }
    }

    private void release() {
        if (pooled != null) {
            pooled.close();
            pooled = null;
        }
    }
}
