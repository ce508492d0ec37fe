package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * A handler of the limiting chain that also takes the request's {@link ProxiedRequest} directly. Each one stays an
 * Undertow {@link HttpHandler} (one concern, {@code next} in the constructor; as a plain handler it finds the request
 * in the exchange's attachment), but inside the chain the request is passed along, so the hot path does not look the
 * attachment up at every step.
 */
interface ProxiedHandler extends HttpHandler {

    void handle(HttpServerExchange exchange, ProxiedRequest request) throws Exception;

    @Override
    default void handleRequest(HttpServerExchange exchange) throws Exception {
        handle(exchange, ProxiedRequest.of(exchange));
    }

    /** Calls {@code next} with the request, directly when it is a {@link ProxiedHandler}. */
    static void forward(HttpHandler next, HttpServerExchange exchange, ProxiedRequest request) throws Exception {
        if (next instanceof ProxiedHandler p) {
            p.handle(exchange, request);
        } else {
            next.handleRequest(exchange);
        }
    }
}
