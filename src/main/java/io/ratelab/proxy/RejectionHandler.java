package io.ratelab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;

/**
 * Answers a rejected request: the configured status (429 by default), {@code Retry-After}, the {@code RateLimit}
 * fields (and the legacy ones when enabled) and a short plain-text body from a preallocated buffer, written with
 * Undertow's non-blocking sender. Never touches the upstream, never blocks. Thread-safe.
 */
final class RejectionHandler implements ProxiedHandler {

    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest r) {
        LimiterAssembly a = r.assembly;
        exchange.setStatusCode(a.settings().rejectStatus());
        HeaderMap headers = exchange.getResponseHeaders();
        RateLimitHeaders.rejected(headers, a, r.decision);
        headers.put(Headers.CONTENT_TYPE, TEXT_PLAIN);
        java.nio.ByteBuffer body = a.rejectionBody();
        headers.put(Headers.CONTENT_LENGTH, body.remaining());
        exchange.getResponseSender().send(body);
    }

    @Override
    public String toString() {
        return "reject(status, Retry-After, RateLimit)";
    }
}
