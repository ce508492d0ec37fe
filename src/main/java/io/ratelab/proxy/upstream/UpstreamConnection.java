package io.ratelab.proxy.upstream;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * One keep-alive HTTP/1.1 connection to the upstream, the lean client the forwarder uses instead of Undertow's: it
 * writes the request head straight from the client's exchange ({@link ForwardedHeaders#requestHead}), and relays the
 * response from its read buffer to the client's response channel as {@link ResponseFraming} frames it (the head, then
 * a body of fixed length, chunked, or up to the connection's end). This class holds the connection's lifecycle: idle,
 * one request and its response, flushing, back-pressure, reuse or close. For the usual small response, head and
 * body arrive in one read and leave in one write, with no extra event-loop turn.
 *
 * <p>Reads stay resumed for the connection's whole life: while idle, a readable connection is one the upstream closed
 * (or that sent unsolicited bytes) and it is closed; so interest ops change only under back-pressure. Owned by one IO
 * thread, like its pool; not thread-safe.
 */
public final class UpstreamConnection {

    /**
     * One request being forwarded over a connection: the client's exchange and the callbacks that report how its
     * forwarding goes. Callbacks run on the connection's IO thread.
     */
    public interface Forwarding {
        /** The client exchange being forwarded. */
        HttpServerExchange server();

        /** The response head arrived (status and fields are already on the client's response). */
        void responseStarted();

        /** The whole response went to the client. */
        void responseDone();

        /**
         * The exchange failed. {@code beforeResponse}: no response byte arrived (the request may be retried when it
         * is safe); otherwise the client's response is broken off.
         */
        void failed(IOException cause, boolean beforeResponse);

        /**
         * Reading the client's request body failed (the client closed or reset its connection); the upstream
         * connection is already closed (it holds part of a request).
         */
        void clientFailed(IOException cause);

        /** The request body waits for the client's next bytes ({@code true}), or has them again. */
        void waitingForClient(boolean waiting);
    }

    /** The pool that owns the connection. */
    interface Owner {
        /** The connection closed; forget it. */
        void closed(UpstreamConnection connection);

        /** The connection finished an exchange and can serve the next. */
        void idle(UpstreamConnection connection);
    }

    /** Lifecycle: no request; a request out and its response coming; the response relayed and flushing. */
    private static final int IDLE = 0;
    private static final int ACTIVE = 1;
    private static final int FINISHING = 2;

    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
    private final ByteBufferPool buffers;
    private final Owner owner;
    private final HeadBuffer head = new HeadBuffer();
    private final ResponseFraming framing = new ResponseFraming(new ToClient());
    private Forwarding current;
    private RequestSender sender;
    private PooledByteBuffer pooled;
    private ByteBuffer in;
    private StreamSinkChannel out;
    private int phase = IDLE;
    private boolean keepAlive;
    private boolean requestSent;
    private boolean anyResponseByte;
    private boolean closed;
    private boolean readsSuspended;

    UpstreamConnection(StreamConnection connection, ByteBufferPool buffers, Owner owner) {
        this.connection = connection;
        this.source = connection.getSourceChannel();
        this.sink = connection.getSinkChannel();
        this.buffers = buffers;
        this.owner = owner;
        connection.getCloseSetter().set(c -> {
            closed = true;
            release();
            owner.closed(this);
            if (phase == FINISHING) {
                // the whole response was relayed; its flush to the client completes without us
                keepAlive = false;
                return;
            }
            Forwarding x = current;
            current = null;
            if (x != null && phase != IDLE) {
                x.failed(new ClosedChannelException(), !anyResponseByte);
            }
        });
        source.getReadSetter().set(ch -> readable());
        source.resumeReads();
    }

    boolean isOpen() {
        return !closed && connection.isOpen();
    }

    void close() {
        IoUtils.safeClose(connection);
    }

    /**
     * Sends {@code x}'s request: the head, then the body relayed from the client (chunked when its length is
     * unknown). The response comes back through {@code x}'s callbacks.
     */
    public void send(Forwarding x, String pathPrefix, String defaultHost, TrustedProxies trusted) {
        HttpServerExchange ex = x.server();
        current = x;
        phase = ACTIVE;
        framing.expectHead();
        keepAlive = true;
        requestSent = false;
        anyResponseByte = false;
        boolean hasBody = !ex.isRequestComplete();
        boolean chunkedBody = hasBody && !ex.getRequestHeaders().contains(Headers.CONTENT_LENGTH);
        ByteBuffer bytes = ForwardedHeaders.requestHead(ex, pathPrefix, defaultHost, trusted, chunkedBody, head);
        sender = RequestSender.send(sink, buffers, ex, bytes, hasBody, chunkedBody, new RequestSender.Done() {
            @Override
            public void sent() {
                requestSent = true;
            }

            @Override
            public void failed(IOException e, boolean clientSide) {
                if (!clientSide) {
                    if (current == x) {
                        fail(e);
                    } else {
                        close();
                    }
                    return;
                }
                if (current == x) {
                    current = null;
                }
                close();
                x.clientFailed(e);
            }

            @Override
            public void waitingForClient(boolean waiting) {
                if (current == x) {
                    x.waitingForClient(waiting);
                }
            }
        });
    }

    /**
     * Gives up the request in progress (its client is being refused): stops relaying its body and closes the
     * connection, which holds part of a request. No callback follows.
     */
    public void abort() {
        current = null;
        if (sender != null) {
            sender.cancel();
        }
        close();
    }

    /** The connection is readable: a response to parse and relay, or (while idle) the upstream closing. */
    private void readable() {
        if (phase == IDLE) {
            idleRead();
            return;
        }
        if (phase == FINISHING) {
            // the response is relayed and only flushing to the client; whatever the upstream does now ends reuse
            keepAlive = false;
            source.suspendReads();
            readsSuspended = true;
            return;
        }
        try {
            while (true) {
                if (in == null) {
                    pooled = buffers.allocate();
                    in = pooled.getBuffer();
                    in.clear();
                }
                int n = source.read(in);
                if (n == -1) {
                    endOfStream();
                    return;
                }
                if (n == 0) {
                    return;
                }
                anyResponseByte = true;
                in.flip();
                boolean more = framing.process(in);
                if (in != null) {
                    in.compact();
                }
                if (!more) {
                    return;
                }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The framing's relay: puts the response head on the client's response and writes body bytes to it. */
    private final class ToClient implements ResponseFraming.Relay {

        @Override
        public boolean started(ResponseHead response) {
            HttpServerExchange ex = current.server();
            keepAlive = !response.connectionClose && (response.http11 || response.connectionKeepAlive);
            ex.setStatusCode(response.status);
            ForwardedHeaders.copyResponse(response, ex.getResponseHeaders());
            boolean noBody = response.status == 204 || response.status == 304
                    || Methods.HEAD.equals(ex.getRequestMethod());
            current.responseStarted();
            if (noBody) {
                ex.endExchange();
                return false;
            }
            out = ex.getResponseChannel();
            return true;
        }

        @Override
        public int write(ByteBuffer bytes) throws IOException {
            return out.write(bytes);
        }

        @Override
        public void waitForClient() {
            UpstreamConnection.this.waitForClient();
        }

        @Override
        public void finished(boolean leftover) {
            finish(leftover);
        }
    }

    /** Back-pressure: stop reading the upstream until the client's channel takes more; unsent bytes stay buffered. */
    private void waitForClient() {
        source.suspendReads();
        readsSuspended = true;
        out.getWriteSetter().set(ch -> clientWritable());
        out.resumeWrites();
    }

    private void clientWritable() {
        try {
            out.suspendWrites();
            in.flip();
            boolean more = framing.resume(in);
            if (in != null) {
                in.compact();
            }
            if (more) {
                readsSuspended = false;
                source.resumeReads();
                readable();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void endOfStream() throws IOException {
        if (framing.readsUntilClose()) {
            keepAlive = false;
            framing.endedByClose();
            return;
        }
        throw new IOException(anyResponseByte ? "the upstream closed the connection in the middle of a response"
                : "the upstream closed the connection");
    }

    /** The response is complete on the upstream side; end the client's response, then recycle or close. */
    private void finish(boolean leftover) {
        phase = FINISHING;
        if (leftover) {
            keepAlive = false;
        }
        if (out == null) {
            done();
            return;
        }
        try {
            out.shutdownWrites();
            if (!out.flush()) {
                out.getWriteSetter().set(ch -> {
                    try {
                        if (ch.flush()) {
                            ch.suspendWrites();
                            done();
                        }
                    } catch (IOException e) {
                        fail(e);
                    }
                });
                out.resumeWrites();
                return;
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        done();
    }

    private void done() {
        Forwarding x = current;
        current = null;
        sender = null;
        out = null;
        phase = IDLE;
        release();
        if (readsSuspended) {
            readsSuspended = false;
            source.resumeReads();
        }
        x.responseDone();
        if (keepAlive && requestSent) {
            owner.idle(this);
        } else {
            // closing, or the upstream answered before taking the whole request body: not reusable
            close();
        }
    }

    private void idleRead() {
        PooledByteBuffer scratch = buffers.allocate();
        try {
            int n = source.read(scratch.getBuffer());
            if (n != 0) {
                close();
            }
        } catch (IOException e) {
            close();
        } finally {
            scratch.close();
        }
    }

    private void fail(IOException e) {
        Forwarding x = current;
        boolean before = !anyResponseByte;
        current = null;
        close();
        if (x != null) {
            x.failed(e, before);
        }
    }

    private void release() {
        if (pooled != null) {
            pooled.close();
            pooled = null;
            in = null;
        }
    }

    @Override
    public String toString() {
        return "upstream connection " + connection.getPeerAddress();
    }
}
