package io.ratelab.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One request's trip to the upstream, a small state machine driven by callbacks on the exchange's IO thread:
 * borrow a connection → send the head (and relay the body, if any) → receive the response head → relay the response
 * body → hand the connection back. One deadline covers waiting for a connection and for the response head; it answers
 * 504. A connect failure answers 502; a full queue 503. A send that fails on a reused keep-alive connection (the
 * upstream closed it while idle) is retried once on a fresh connection when nothing reached the upstream or the
 * request is idempotent and had no body. Each try is an {@link Attempt}; callbacks of a superseded attempt are
 * ignored. The client gets exactly one answer: every path checks and sets {@code answered}.
 */
final class UpstreamCall implements Runnable, UpstreamPool.Borrower {

    private final HttpServerExchange exchange;
    private final UpstreamForwarder forwarder;
    private final ByteBufferPool buffers;
    private UpstreamPool.PerThread pool;
    private Attempt current;
    private XnioExecutor.Key deadline;
    private boolean answered;
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
    public void connected(ClientConnection c, boolean reused) {
        if (answered) {
            pool.giveBack(c);
            return;
        }
        Attempt attempt = new Attempt(c, reused);
        current = attempt;
        LimiterAssembly a = ProxiedRequest.of(exchange).assembly;
        c.sendRequest(ForwardedHeaders.request(exchange, forwarder.pathPrefix(), forwarder.hostHeader(),
                a == null ? TrustedProxies.NONE : a.trusted()), attempt);
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

    private boolean isIdempotentWithoutBody() {
        HttpString m = exchange.getRequestMethod();
        boolean idempotent = Methods.GET.equals(m) || Methods.HEAD.equals(m) || Methods.OPTIONS.equals(m)
                || Methods.PUT.equals(m) || Methods.DELETE.equals(m) || Methods.TRACE.equals(m);
        // a request that was complete when it arrived had no body (or Content-Length: 0) to re-send
        return idempotent && exchange.isRequestComplete();
    }

    private void timedOut() {
        if (answered) {
            return;
        }
        if (current != null) {
            IoUtils.safeClose(current.connection);
        }
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

    /**
     * One try over one connection: receives the send and response callbacks, relays the bodies, and hands the
     * connection back once the response body is read.
     */
    private final class Attempt implements ClientCallback<ClientExchange> {
        private final ClientConnection connection;
        private final boolean reused;
        private ClientExchange sent;

        Attempt(ClientConnection connection, boolean reused) {
            this.connection = connection;
            this.reused = reused;
        }

        /** The request head was sent ({@code sent} unset) or the response head arrived. */
        @Override
        public void completed(ClientExchange result) {
            if (sent == null) {
                sent = result;
                result.setResponseListener(this);
                if (!exchange.isRequestComplete() && current == this) {
                    BodyRelay.start(exchange.getRequestChannel(), result.getRequestChannel(), buffers,
                            new RequestBody(this));
                }
            } else {
                responseArrived(result);
            }
        }

        /** Sending the request or reading the response head failed. */
        @Override
        public void failed(IOException e) {
            IoUtils.safeClose(connection);
            if (answered || current != this) {
                return;
            }
            // before the head went out nothing reached the upstream; after it, only a bodiless idempotent request
            if (reused && !retried && (sent == null || isIdempotentWithoutBody())) {
                retried = true;
                current = null;
                pool.borrowFresh(UpstreamCall.this, buffers);
                return;
            }
            answerError(502, "upstream " + forwarder.upstream() + " failed: " + describe(e));
        }

        private void responseArrived(ClientExchange result) {
            if (answered || current != this) {
                IoUtils.safeClose(connection);
                return;
            }
            answered = true;
            deadline.remove();
            exchange.setStatusCode(result.getResponse().getResponseCode());
            ForwardedHeaders.copyResponse(result.getResponse().getResponseHeaders(), exchange.getResponseHeaders());
            ProxiedRequest.of(exchange).outcome = Outcome.ADMITTED;
            BodyRelay.start(result.getResponseChannel(), exchange.getResponseChannel(), buffers, new ResponseBody(this));
        }
    }

    /** Relays the client's request body upstream. */
    private final class RequestBody implements BodyRelay.Listener {
        private final Attempt attempt;

        RequestBody(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void sourceDone() {
        }

        @Override
        public void sinkDone() {
        }

        @Override
        public void failed(IOException e, boolean reading) {
            IoUtils.safeClose(attempt.connection);
            if (reading) {
                if (!answered) {
                    answered = true;
                    deadline.remove();
                }
                IoUtils.safeClose(exchange.getConnection());
            } else {
                answerError(502, "upstream " + forwarder.upstream() + " broke off while receiving the request body: "
                        + describe(e));
            }
        }
    }

    /** Relays the upstream's response body to the client; the connection goes back once the body is read. */
    private final class ResponseBody implements BodyRelay.Listener {
        private final Attempt attempt;

        ResponseBody(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void sourceDone() {
            pool.giveBack(attempt.connection);
        }

        @Override
        public void sinkDone() {
        }

        @Override
        public void failed(IOException e, boolean reading) {
            IoUtils.safeClose(attempt.connection);
            if (reading) {
                ProxiedRequest.of(exchange).outcome = Outcome.ERROR;
            }
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
