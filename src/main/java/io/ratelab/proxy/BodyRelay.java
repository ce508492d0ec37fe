package io.ratelab.proxy;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Copies a message body from a source channel to a sink channel without blocking: it loops while both sides keep up,
 * parks on the read or write listener when one does not, and when the source ends it shuts the sink down and flushes
 * it in the same call when possible (no extra event-loop turn for the small bodies that are most of the traffic).
 * One pooled buffer per relay, released at the end. Runs on the channels' IO thread; not thread-safe.
 */
final class BodyRelay {

    /** What happens when the relay ends. */
    interface Listener {
        /** The source reached its end (the sink may still be flushing). */
        void sourceDone();

        /** Everything was written and flushed. */
        void sinkDone();

        /** A read ({@code reading}) or a write failed; the relay has stopped and released its buffer. */
        void failed(IOException e, boolean reading);
    }

    private final StreamSourceChannel source;
    private final StreamSinkChannel sink;
    private final Listener listener;
    private final boolean shutdownSink;
    private PooledByteBuffer pooled;
    private boolean sourceEnded;
    private boolean finished;
    private boolean waitingToWrite;
    private boolean waitingToRead;

    private BodyRelay(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool pool, boolean shutdownSink,
                      Listener listener) {
        this.source = source;
        this.sink = sink;
        this.shutdownSink = shutdownSink;
        this.listener = listener;
        this.pooled = pool.allocate();
        this.pooled.getBuffer().clear().flip();
    }

    /**
     * Starts relaying; may complete (and call the listener) before it returns.
     *
     * @param shutdownSink shut the sink down at the end (a response channel, a chunk-encoding conduit); otherwise only
     *                     flush it (a raw keep-alive connection carrying a body of declared length)
     */
    static void start(StreamSourceChannel source, StreamSinkChannel sink, ByteBufferPool pool, boolean shutdownSink,
                      Listener listener) {
        new BodyRelay(source, sink, pool, shutdownSink, listener).pump();
    }

    private final ChannelListener<StreamSourceChannel> onReadable = ch -> pump();
    private final ChannelListener<StreamSinkChannel> onWritable = ch -> pump();

    private void pump() {
        if (finished) {
            return;
        }
        ByteBuffer buf = pooled.getBuffer();
        try {
            while (true) {
                if (buf.hasRemaining()) {
                    if (!write(buf)) {
                        return;
                    }
                }
                if (sourceEnded) {
                    finishSink();
                    return;
                }
                buf.clear();
                int n;
                try {
                    n = source.read(buf);
                } catch (IOException e) {
                    fail(e, true);
                    return;
                } finally {
                    buf.flip();
                }
                if (n == -1) {
                    // suspend only what we resumed: an idle client connection keeps its reads on to notice a close
                    sourceEnded = true;
                    if (waitingToRead) {
                        waitingToRead = false;
                        source.suspendReads();
                    }
                    listener.sourceDone();
                } else if (n == 0 && !buf.hasRemaining()) {
                    source.getReadSetter().set(onReadable);
                    source.resumeReads();
                    waitingToRead = true;
                    return;
                }
            }
        } catch (IOException e) {
            fail(e, false);
        }
    }

    /** Writes what it can; false when the sink is full (then waits for it). */
    private boolean write(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (sink.write(buf) == 0) {
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
        if (shutdownSink) {
            sink.shutdownWrites();
        }
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
