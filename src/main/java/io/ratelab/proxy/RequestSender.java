package io.ratelab.proxy;

import io.undertow.conduits.ChunkedStreamSinkConduit;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes one request to an upstream connection without blocking: the head, then the client's body relayed as it
 * arrives, chunk-encoded when its length is unknown (the chunk encoder is removed again afterwards, the connection
 * stays open). Runs on the connection's IO thread.
 */
final class RequestSender {

    /** How sending ended. */
    interface Done {
        /** Head and body are written. */
        void sent();

        /** Writing to the upstream failed, or ({@code clientSide}) reading the client's body did. */
        void failed(IOException e, boolean clientSide);
    }

    private final ConduitStreamSinkChannel sink;
    private final StreamSinkConduit rawSink;
    private final ByteBufferPool buffers;
    private final HttpServerExchange exchange;
    private final ByteBuffer head;
    private final boolean hasBody;
    private final boolean chunked;
    private final Done done;

    private RequestSender(ConduitStreamSinkChannel sink, StreamSinkConduit rawSink, ByteBufferPool buffers,
                          HttpServerExchange exchange, ByteBuffer head, boolean hasBody, boolean chunked, Done done) {
        this.sink = sink;
        this.rawSink = rawSink;
        this.buffers = buffers;
        this.exchange = exchange;
        this.head = head;
        this.hasBody = hasBody;
        this.chunked = chunked;
        this.done = done;
    }

    /**
     * Starts sending; usually finishes (and calls {@code done}) before it returns.
     *
     * @param chunked the body's length is unknown: encode it in chunks (the head says {@code Transfer-Encoding:
     *                chunked})
     */
    static void send(ConduitStreamSinkChannel sink, StreamSinkConduit rawSink, ByteBufferPool buffers,
                     HttpServerExchange exchange, ByteBuffer head, boolean hasBody, boolean chunked, Done done) {
        new RequestSender(sink, rawSink, buffers, exchange, head, hasBody, chunked, done).writeHead();
    }

    private void writeHead() {
        try {
            while (head.hasRemaining()) {
                if (sink.write(head) == 0) {
                    sink.getWriteSetter().set(ch -> {
                        sink.suspendWrites();
                        writeHead();
                    });
                    sink.resumeWrites();
                    return;
                }
            }
        } catch (IOException e) {
            done.failed(e, false);
            return;
        }
        if (!hasBody) {
            done.sent();
            return;
        }
        if (chunked) {
            sink.setConduit(new ChunkedStreamSinkConduit(rawSink, buffers, false, false, new HeaderMap(), c -> { },
                    exchange));
        }
        BodyRelay.start(exchange.getRequestChannel(), sink, buffers, chunked, new BodyRelay.Listener() {
            @Override
            public void sourceDone() {
            }

            @Override
            public void sinkDone() {
                sink.setConduit(rawSink);
                done.sent();
            }

            @Override
            public void failed(IOException e, boolean reading) {
                done.failed(e, reading);
            }
        });
    }
}
