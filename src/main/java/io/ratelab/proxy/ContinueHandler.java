package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.server.protocol.http.HttpContinue;

/**
 * Answers {@code Expect: 100-continue} at the proxy: an admitted request gets its {@code 100 Continue} when the
 * forwarder first reads its body (Undertow's {@link HttpContinueReadHandler}); requests without the expectation pass
 * straight on. Sits after the limit, so a rejected request never gets a 100. Thread-safe.
 */
final class ContinueHandler implements ProxiedHandler {

    private final HttpHandler next;
    private final HttpHandler continueReader;

    ContinueHandler(HttpHandler next) {
        this.next = next;
        this.continueReader = new HttpContinueReadHandler(next);
    }

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest request) throws Exception {
        if (HttpContinue.requiresContinueResponse(exchange)) {
            continueReader.handleRequest(exchange);
        } else {
            ProxiedHandler.forward(next, exchange, request);
        }
    }

    @Override
    public String toString() {
        return "100-continue -> " + next;
    }
}
