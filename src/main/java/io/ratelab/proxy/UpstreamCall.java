package io.ratelab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.xnio.IoUtils;

import java.io.IOException;

/**
 * One request's trip to the upstream, driven by callbacks on the exchange's IO thread: borrow a connection from the
 * thread's pool → {@link UpstreamConnection#send} → response head → body relayed → the connection goes back by itself.
 * One deadline ({@link Deadlines}) covers waiting for a connection and for the response head; it answers 504. A
 * connect failure answers 502; a full queue 503. A request that fails on a reused keep-alive connection before any
 * response byte (the upstream closed it while idle) is retried once on a fresh connection when it is idempotent and
 * had no body. The client gets exactly one answer: every path checks and sets {@code answered}.
 */
final class UpstreamCall extends Deadlines.Entry implements Runnable, UpstreamPool.Borrower,
        UpstreamConnection.Exchange {

    private final HttpServerExchange exchange;
    private final ProxiedRequest request;
    private final UpstreamForwarder forwarder;
    private UpstreamPool.PerThread pool;
    private UpstreamConnection connection;
    private boolean reused;
    private boolean answered;
    private boolean responding;
    private boolean retried;

    UpstreamCall(HttpServerExchange exchange, ProxiedRequest request, UpstreamForwarder forwarder) {
        this.exchange = exchange;
        this.request = request;
        this.forwarder = forwarder;
    }

    /** Starts the call (runs right after the handler returns, on the same IO thread). */
    @Override
    public void run() {
        pool = forwarder.pool().forThread(exchange.getIoThread());
        pool.deadlines().add(this, System.nanoTime());
        pool.borrow(this, exchange.getConnection().getByteBufferPool());
    }

    @Override
    public boolean stillWaiting() {
        return !answered;
    }

    @Override
    public void connected(UpstreamConnection c, boolean reusedConnection) {
        if (answered) {
            pool.giveBack(c);
            return;
        }
        connection = c;
        reused = reusedConnection;
        LimiterAssembly a = request.assembly;
        c.send(this, forwarder.pathPrefix(), forwarder.hostHeader(), a == null ? TrustedProxies.NONE : a.trusted());
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

    @Override
    public HttpServerExchange server() {
        return exchange;
    }

    @Override
    public void responseStarted() {
        answered = true;
        responding = true;
        pool.deadlines().remove(this);
        request.outcome = Outcome.ADMITTED;
    }

    @Override
    public void responseDone() {
        connection = null;
    }

    @Override
    public void failed(IOException cause, boolean beforeResponse) {
        connection = null;
        if (responding) {
            // the upstream's response was being relayed: the client's response is cut off
            request.outcome = Outcome.ERROR;
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        if (answered) {
            return;
        }
        if (beforeResponse && reused && !retried && isIdempotentWithoutBody()) {
            retried = true;
            pool.borrowFresh(this, exchange.getConnection().getByteBufferPool());
            return;
        }
        answerError(502, "upstream " + forwarder.upstream() + " failed: " + describe(cause));
    }

    private boolean isIdempotentWithoutBody() {
        HttpString m = exchange.getRequestMethod();
        boolean idempotent = Methods.GET.equals(m) || Methods.HEAD.equals(m) || Methods.OPTIONS.equals(m)
                || Methods.PUT.equals(m) || Methods.DELETE.equals(m) || Methods.TRACE.equals(m);
        // a request that was complete when it arrived had no body (or Content-Length: 0) to re-send
        return idempotent && exchange.isRequestComplete();
    }

    /** The request deadline passed (see {@link Deadlines}). */
    @Override
    void expired() {
        if (answered) {
            return;
        }
        UpstreamConnection c = connection;
        connection = null;
        answerError(504, "upstream " + forwarder.upstream() + " did not answer within "
                + forwarder.requestTimeout().toMillis() + " ms");
        if (c != null) {
            c.close();
        }
    }

    private void answerError(int status, String message) {
        if (answered) {
            return;
        }
        answered = true;
        if (pool != null) {
            pool.deadlines().remove(this);
        }
        request.outcome = Outcome.ERROR;
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
}
