package io.ratelab.proxy.upstream;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import org.xnio.conduits.ConduitStreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes one request to an upstream connection without blocking: the head, then the client's body relayed as it
 * arrives ({@link BodyRelay}), chunk-encoded when its length is unknown. Runs on the connection's IO thread.
 */
final class RequestSender {

    /** How sending goes and ends. */
    interface Done {
        /** Head and body are written. */
        void sent();

        /** Writing to the upstream failed, or ({@code clientSide}) reading the client's body did. */
        void failed(IOException e, boolean clientSide);

        /** The body relay waits for the client's next bytes ({@code true}), or has them again. */
        void waitingForClient(boolean waiting);
    }

    private final ConduitStreamSinkChannel sink;
    private final ByteBufferPool buffers;
    private final HttpServerExchange exchange;
    private final ByteBuffer head;
    private final boolean hasBody;
    private final boolean chunked;
    private final Done done;
    private BodyRelay relay;

    private RequestSender(ConduitStreamSinkChannel sink, ByteBufferPool buffers, HttpServerExchange exchange,
                          ByteBuffer head, boolean hasBody, boolean chunked, Done done) {
        this.sink = sink;
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
     * @return the sender, to {@link #cancel} it
     */
    static RequestSender send(ConduitStreamSinkChannel sink, ByteBufferPool buffers, HttpServerExchange exchange,
                              ByteBuffer head, boolean hasBody, boolean chunked, Done done) {
        RequestSender s = new RequestSender(sink, buffers, exchange, head, hasBody, chunked, done);
        s.writeHead();
        return s;
    }

    /** Stops relaying the body (the request is being refused); no callback follows. */
    void cancel() {
        if (relay != null) {
            relay.cancel();
        }
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
        relay = BodyRelay.start(exchange.getRequestChannel(), sink, buffers, chunked, new BodyRelay.Listener() {
            @Override
            public void sinkDone() {
                done.sent();
            }

            @Override
            public void failed(IOException e, boolean reading) {
                done.failed(e, reading);
            }

            @Override
            public void waitingForSource(boolean waiting) {
                done.waitingForClient(waiting);
            }
        });
    }
}
