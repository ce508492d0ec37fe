package io.ratelab.load;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One request/response on a pooled connection: sends the attempt's recorded route (trace replay) or else
 * its group's, with the client's identity header, reads the status and
 * {@code Retry-After}, drains the body without keeping it, then hands the connection back to its pool.
 * Runs on the pool's IO thread only.
 */
final class AttemptRoundTrip implements ClientCallback<ClientExchange>, ChannelListener<StreamSourceChannel> {

    private static final HttpString RETRY_AFTER = Headers.RETRY_AFTER;
    /** Bodies are discarded; one scratch buffer per IO thread is enough because reads never interleave. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(16_384));

    private final ConnectionPool pool;
    private final ConnectionPool.PooledConnection connection;
    private final Attempt attempt;
    private final ConnectionPool.EngineContext context;
    private int status;
    private String retryAfter;
    private boolean done;

    AttemptRoundTrip(ConnectionPool pool, ConnectionPool.PooledConnection connection, Attempt attempt,
                     ConnectionPool.EngineContext context) {
        this.pool = pool;
        this.connection = connection;
        this.attempt = attempt;
        this.context = context;
    }

    void start() {
        Route route = attempt.route != null ? attempt.route : context.routes()[attempt.group];
        ClientRequest request = new ClientRequest().setMethod(route.methodString()).setPath(route.path());
        request.getRequestHeaders().put(Headers.HOST, pool.target().hostHeader());
        ClientIdentity id = attempt.identity;
        if (id.headerName() != null) {
            request.getRequestHeaders().put(new HttpString(id.headerName()), id.key());
        }
        try {
            connection.connection.sendRequest(request, this);
        } catch (RuntimeException e) {
            fail(new IOException("could not send on " + connection.connection.getPeerAddress() + ": " + e, e));
        }
    }

    @Override
    public void completed(ClientExchange exchange) {
        exchange.setResponseListener(new ClientCallback<>() {
            @Override
            public void completed(ClientExchange response) {
                status = response.getResponse().getResponseCode();
                retryAfter = response.getResponse().getResponseHeaders().getFirst(RETRY_AFTER);
                drain(response.getResponseChannel());
            }

            @Override
            public void failed(IOException e) {
                fail(e);
            }
        });
    }

    @Override
    public void failed(IOException e) {
        fail(e);
    }

    @Override
    public void handleEvent(StreamSourceChannel channel) {
        drain(channel);
    }

    private void drain(StreamSourceChannel channel) {
        ByteBuffer scratch = SCRATCH.get();
        try {
            while (true) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n == -1) {
                    channel.suspendReads();
                    finish();
                    return;
                }
                if (n == 0) {
                    channel.getReadSetter().set(this);
                    channel.resumeReads();
                    return;
                }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        context.listener().answered(attempt, status, retryAfter, context.clock().getAsLong());
        pool.release(connection);
    }

    private void fail(IOException e) {
        if (done) {
            return;
        }
        done = true;
        context.listener().failed(attempt, e, context.clock().getAsLong());
        pool.discard(connection);
    }
}
