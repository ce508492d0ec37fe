package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Reads the current {@link LimiterAssembly} once for the request and computes its key with that assembly's rule, so
 * key and limiter always come from the same configuration even across a swap. Thread-safe.
 */
final class KeyExtractionHandler implements ProxiedHandler {

    private final LimiterSwitch limiters;
    private final HttpHandler next;

    KeyExtractionHandler(LimiterSwitch limiters, HttpHandler next) {
        this.limiters = limiters;
        this.next = next;
    }

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest r) throws Exception {
        LimiterAssembly a = limiters.current();
        r.assembly = a;
        r.key = a.keys().keyOf(exchange);
        ProxiedHandler.forward(next, exchange, r);
    }

    @Override
    public String toString() {
        return "key(" + limiters.settings().key() + ") -> " + next;
    }
}
