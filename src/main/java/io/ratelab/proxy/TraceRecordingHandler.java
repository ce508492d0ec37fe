package io.ratelab.proxy;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Hands each completed request to the {@link TraceRecorder}: arrival time, key, method, path, outcome and status.
 * Only in the chain when recording is on. Thread-safe.
 */
final class TraceRecordingHandler implements HttpHandler {

    private final TraceRecorder recorder;
    private final HttpHandler next;
    private final ExchangeCompletionListener onComplete = this::complete;

    TraceRecordingHandler(TraceRecorder recorder, HttpHandler next) {
        this.recorder = recorder;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(onComplete);
        next.handleRequest(exchange);
    }

    private void complete(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener) {
        try {
            ProxiedRequest r = exchange.getAttachment(ProxiedRequest.KEY);
            if (r != null) {
                recorder.record(r.arrivalNanos, r.key == null ? "" : r.key, exchange.getRequestMethod().toString(),
                        exchange.getRequestPath(), r.outcomeOrError(), exchange.getStatusCode());
            }
        } finally {
            nextListener.proceed();
        }
    }

    @Override
    public String toString() {
        return "record(" + recorder.file() + ") -> " + next;
    }
}
