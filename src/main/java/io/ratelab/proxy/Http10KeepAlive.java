package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Answers an HTTP/1.0 request that asked for a persistent connection ({@code Connection: keep-alive}) with
 * {@code Connection: keep-alive} while the connection stays open (RFC 9112 §9.3 and appendix C.2.2: without that
 * field an HTTP/1.0 client takes the connection as closing). Undertow keeps such a connection open but, with
 * {@code ALWAYS_SET_KEEP_ALIVE} off, does not say so: a client like {@code ab -k} then opened a new connection for
 * every request while the proxy held each old one until its idle timeout. Stateless and thread-safe.
 */
final class Http10KeepAlive implements HttpHandler {

    private final HttpHandler next;

    Http10KeepAlive(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isHttp10() && exchange.isPersistent()) {
            exchange.addResponseCommitListener(ex -> {
                if (ex.isPersistent() && !ex.getResponseHeaders().contains(Headers.CONNECTION)) {
                    ex.getResponseHeaders().put(Headers.CONNECTION, Headers.KEEP_ALIVE.toString());
                }
            });
        }
        next.handleRequest(exchange);
    }

    @Override
    public String toString() {
        return "http/1.0 keep-alive -> " + next;
    }
}
