package io.ratelab.proxy;

import io.ratelab.proxy.upstream.Deadlines;
import io.ratelab.proxy.upstream.TrustedProxies;
import io.ratelab.proxy.upstream.UpstreamConnection;
import io.ratelab.proxy.upstream.UpstreamPool;

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
 *
 * <p>While the relay waits for the client's next body bytes, the request deadline (the upstream's time) stands still
 * and the body-idle deadline runs instead: a client that pauses longer gets 408. A malformed body (a bad chunk) gets
 * 400. Both are answered by the client's {@link ClientConnection}, which then closes the connection; the upstream
 * connection, holding part of a request, is closed at once. A client that goes away mid-body counts as 499 (nginx's
 * "client closed request").
 */
final class UpstreamCall extends Deadlines.Entry implements Runnable, UpstreamPool.Borrower,
        UpstreamConnection.Forwarding, ClientConnection.BodyListener {

    private final HttpServerExchange exchange;
    private final ProxiedRequest request;
    private final UpstreamForwarder forwarder;
    private UpstreamPool.PerThread pool;
    private UpstreamConnection connection;
    private boolean reused;
    private boolean answered;
    private boolean responding;
    private boolean retried;
    private ClientConnection client;
    private final Deadlines.Entry bodyIdle = new Deadlines.Entry() {
        @Override
        public void expired() {
            refuseClient(408, "the request body paused longer than " + forwarder.bodyIdleTimeout().toMillis()
                    + " ms (timeouts.bodyIdle)");
        }
    };

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
        if (!exchange.isRequestComplete() && client == null) {
            client = ClientConnection.of(exchange);
            if (client != null) {
                client.bodyListener(this);
            }
        }
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
        detachClient();
    }

    @Override
    public void clientFailed(IOException cause) {
        connection = null;
        detachClient();
        pool.bodyDeadlines().remove(bodyIdle);
        if (answered) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        answered = true;
        pool.deadlines().remove(this);
        request.outcome = Outcome.ERROR;
        // nothing can reach the client any more; 499 is nginx's "client closed request"
        exchange.setStatusCode(499);
        IoUtils.safeClose(exchange.getConnection());
        exchange.endExchange();
    }

    @Override
    public void waitingForClient(boolean waiting) {
        long now = System.nanoTime();
        if (waiting) {
            pool.deadlines().remove(this);
            pool.bodyDeadlines().add(bodyIdle, now);
        } else {
            pool.bodyDeadlines().remove(bodyIdle);
            if (!answered && !isLinked()) {
                pool.deadlines().add(this, now);
            }
        }
    }

    @Override
    public void bodyRefused(RequestFraming.Violation violation) {
        refuseClient(violation.status(), violation.reason());
    }

    /**
     * Refuses the request while its body is being relayed: the upstream connection (holding part of it) is closed,
     * and the client is answered {@code status} by its connection, which then closes.
     */
    private void refuseClient(int status, String message) {
        pool.bodyDeadlines().remove(bodyIdle);
        ClientConnection c = client;
        detachClient();
        UpstreamConnection up = connection;
        connection = null;
        if (up != null) {
            up.abort();
        }
        if (answered) {
            // the upstream's answer is already on its way: the client's response is cut off
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        answered = true;
        pool.deadlines().remove(this);
        request.outcome = Outcome.ERROR;
        exchange.setStatusCode(status);
        if (c == null) {
            IoUtils.safeClose(exchange.getConnection());
            exchange.endExchange();
            return;
        }
        c.refuse(status, message, exchange::endExchange);
    }

    private void detachClient() {
        if (client != null) {
            client.bodyListener(null);
            client = null;
        }
    }

    @Override
    public void failed(IOException cause, boolean beforeResponse) {
        connection = null;
        detachClient();
        if (pool != null) {
            pool.bodyDeadlines().remove(bodyIdle);
        }
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
    public void expired() {
        if (answered) {
            return;
        }
        UpstreamConnection c = connection;
        connection = null;
        detachClient();
        pool.bodyDeadlines().remove(bodyIdle);
        answerError(504, "upstream " + forwarder.upstream() + " did not answer within "
                + forwarder.requestTimeout().toMillis() + " ms");
        if (c != null) {
            c.abort();
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
