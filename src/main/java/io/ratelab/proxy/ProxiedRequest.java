package io.ratelab.proxy;

import io.ratelab.limit.Decision;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * What the chain learns about one request, attached to its exchange: arrival time (the one clock reading the limiter
 * decides at), the limiter assembly read for it, its key, the decision and the outcome. Written by the handlers in
 * chain order and read by completion listeners, all on the exchange's IO thread. It is also the accounting's
 * completion listener, so completing a request needs no attachment lookup.
 */
final class ProxiedRequest implements ExchangeCompletionListener {

    static final AttachmentKey<ProxiedRequest> KEY = AttachmentKey.create(ProxiedRequest.class);

    final long arrivalNanos;
    LimiterAssembly assembly;
    String key;
    Decision decision;
    /** Set when known; a request that completes without one counts as an error. */
    Outcome outcome;
    /** True when the limiter refused the request in shadow mode and it was forwarded all the same. */
    boolean shadowRejected;

    private final RequestAccountingHandler accounting;

    ProxiedRequest(long arrivalNanos, RequestAccountingHandler accounting) {
        this.arrivalNanos = arrivalNanos;
        this.accounting = accounting;
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        accounting.complete(exchange, this, nextListener);
    }

    static ProxiedRequest of(HttpServerExchange exchange) {
        ProxiedRequest r = exchange.getAttachment(KEY);
        if (r == null) {
            throw new IllegalStateException("no ProxiedRequest attached: RequestAccountingHandler must come first");
        }
        return r;
    }

    Outcome outcomeOrError() {
        return outcome == null ? Outcome.ERROR : outcome;
    }
}
