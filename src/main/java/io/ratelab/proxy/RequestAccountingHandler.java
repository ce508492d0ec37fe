package io.ratelab.proxy;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.function.LongSupplier;

/**
 * First in the chain: reads the clock once for the request's arrival, attaches its {@link ProxiedRequest}, counts it
 * received, and on completion counts its outcome and status under the limiter that decided it and records its
 * latency. Every exchange completes exactly once, which is what makes {@code received = admitted + rejected + errors}
 * hold. Stateless apart from the shared metrics; thread-safe.
 */
final class RequestAccountingHandler implements HttpHandler {

    private final ProxyMetrics metrics;
    private final LongSupplier clock;
    private final HttpHandler next;
    private final ProxiedHandler nextProxied;

    RequestAccountingHandler(ProxyMetrics metrics, LongSupplier clock, HttpHandler next) {
        this.metrics = metrics;
        this.clock = clock;
        this.next = next;
        this.nextProxied = ProxiedHandler.orNull(next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ProxiedRequest r = new ProxiedRequest(clock.getAsLong(), this);
        exchange.putAttachment(ProxiedRequest.KEY, r);
        metrics.received();
        exchange.addExchangeCompleteListener(r);
        if (nextProxied != null) {
            nextProxied.handle(exchange, r);
        } else {
            next.handleRequest(exchange);
        }
    }

    void complete(HttpServerExchange exchange, ProxiedRequest r, ExchangeCompletionListener.NextListener nextListener) {
        try {
            LimiterCounters counters = r.assembly != null ? r.assembly.counters() : metrics.counters("none");
            if (r.shadowRejected) {
                counters.shadowRejected();
            }
            metrics.completed(counters, r.outcomeOrError(), exchange.getStatusCode(),
                    clock.getAsLong() - r.arrivalNanos);
        } finally {
            nextListener.proceed();
        }
    }

    @Override
    public String toString() {
        return "accounting -> " + next;
    }
}
