package io.ratelab.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.HttpString;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One request's trip to the upstream, a small state machine driven by callbacks on the exchange's IO thread:
 * borrow a connection → send the head (and relay the body, if any) → receive the response head → relay the response
 * body → hand the connection back. One deadline covers waiting for a connection and for the response head; it answers
 * 504. A connect failure answers 502; a full queue 503. A send that fails on a reused keep-alive connection (the
 * upstream closed it while idle) is retried once on a fresh connection when the request is idempotent and has no body.
 * The client gets exactly one answer: every path checks and sets {@code answered}.
 */
final class UpstreamCall implements Runnable, UpstreamPool.Borrower, ClientCallback<ClientExchange> {

    private final HttpServerExchange exchange;
    private final UpstreamForwarder forwarder;
    private final ByteBufferPool buffers;
    private UpstreamPool.PerThread pool;
    private ClientConnection connection;
    private ClientExchange clientExchange;
    private XnioExecutor.Key deadline;
    private boolean answered;
    private boolean reused;
    private boolean retried;

    UpstreamCall(HttpServerExchange exchange, UpstreamForwarder forwarder) {
        this.exchange = exchange;
        this.forwarder = forwarder;
        this.buffers = exchange.getConnection().getByteBufferPool();
    }

    /** Starts the call (runs right after the handler returns, on the same IO thread). */
    @Override
    public void run() {
        pool = forwarder.pool().forThread(exchange.getIoThread());
        deadline = exchange.getIoThread().executeAfter(this::timedOut, forwarder.requestTimeoutNanos(),
                TimeUnit.NANOSECONDS);
        pool.borrow(this, buffers);
    }

    @Override
    public boolean stillWaiting() {
        return !answered;
    }

    @Override
    public void connected(ClientConnection c, boolean reusedConnection) {
        if (answered) {
            pool.giveBack(c);
            return;
        }
        connection = c;
        reused = reusedConnection;
        clientExchange = null;
        LimiterAssembly a = ProxiedRequest.of(exchange).assembly;
        c.sendRequest(ForwardedHeaders.request(exchange, forwarder.pathPrefix(), forwarder.hostHeader(),
                a == null ? TrustedProxies.NONE : a.trusted()), this);
    }

    @Override
    public void connectFailed(IOException cause, boolean timedOut, boolean full) {
        if (timedOut) {
            answerError(504, "upstream " + forwarder.upstream() + " did not accept a connection within "
                    + forwarder.connectTimeout().toMillis() + " ms");
        } else if (full) {
            answerError(503, "proxy overloaded: " + cause.getMessage());
        } else {
            answerError(502, "upstream " + forwarder.upstream() + " is unreachable: " + describe(cause));
        }
    }

    /** The request head was sent ({@code clientExchange} unset) or the response head arrived. */
    @Override
    public void completed(ClientExchange result) {
        if (clientExchange == null) {
            clientExchange = result;
            result.setResponseListener(this);
            if (!exchange.isRequestComplete()) {
                BodyRelay.start(exchange.getRequestChannel(), result.getRequestChannel(), buffers, requestBody);
            }
        } else {
            responseArrived(result);
        }
    }

    /** Sending the request or reading the response head failed. */
    @Override
    public void failed(IOException e) {
        if (answered) {
            return;
        }
        IoUtils.safeClose(connection);
        // nothing reached the upstream before the head was sent; after it, only an idempotent bodiless request is safe
        if (reused && !retried && (clientExchange == null || isRetryable())) {
            retried = true;
            connection = null;
            clientExchange = null;
            pool.borrowFresh(this, buffers);
            return;
        }
        answerError(502, "upstream " + forwarder.upstream() + " failed: " + describe(e));
    }

    private boolean isRetryable() {
        HttpString m = exchange.getRequestMethod();
        boolean idempotent = Methods.GET.equals(m) || Methods.HEAD.equals(m) || Methods.OPTIONS.equals(m)
                || Methods.PUT.equals(m) || Methods.DELETE.equals(m) || Methods.TRACE.equals(m);
        return idempotent && exchange.isRequestComplete() && !exchange.getRequestHeaders().contains(
                Headers.CONTENT_LENGTH);
    }

    private void responseArrived(ClientExchange result) {
        if (answered) {
            IoUtils.safeClose(result.getConnection());
            return;
        }
        answered = true;
        deadline.remove();
        exchange.setStatusCode(result.getResponse().getResponseCode());
        ForwardedHeaders.copyResponse(result.getResponse().getResponseHeaders(), exchange.getResponseHeaders());
        ProxiedRequest.of(exchange).outcome = Outcome.ADMITTED;
        BodyRelay.start(result.getResponseChannel(), exchange.getResponseChannel(), buffers, responseBody);
    }

    private void timedOut() {
        if (answered) {
            return;
        }
        IoUtils.safeClose(connection);
        answerError(504, "upstream " + forwarder.upstream() + " did not answer within "
                + forwarder.requestTimeout().toMillis() + " ms");
    }

    private void answerError(int status, String message) {
        if (answered) {
            return;
        }
        answered = true;
        if (deadline != null) {
            deadline.remove();
        }
        ProxiedRequest.of(exchange).outcome = Outcome.ERROR;
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(status + " " + message + "\n");
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    /** Relays the client's request body upstream. */
    private final BodyRelay.Listener requestBody = new BodyRelay.Listener() {
        @Override
        public void sourceDone() {
        }

        @Override
        public void sinkDone() {
        }

        @Override
        public void failed(IOException e, boolean reading) {
            IoUtils.safeClose(connection);
            if (reading) {
                answered = true;
                deadline.remove();
                IoUtils.safeClose(exchange.getConnection());
            } else {
                answerError(502, "upstream " + forwarder.upstream() + " broke off while receiving the request body: "
                        + describe(e));
            }
        }
    };

    /** Relays the upstream's response body to the client; the connection goes back once the body is read. */
    private final BodyRelay.Listener responseBody = new BodyRelay.Listener() {
        @Override
        public void sourceDone() {
            pool.giveBack(connection);
        }

        @Override
        public void sinkDone() {
        }

        @Override
        public void failed(IOException e, boolean reading) {
            IoUtils.safeClose(connection);
            if (reading) {
                ProxiedRequest.of(exchange).outcome = Outcome.ERROR;
            }
            IoUtils.safeClose(exchange.getConnection());
        }
    };
}
