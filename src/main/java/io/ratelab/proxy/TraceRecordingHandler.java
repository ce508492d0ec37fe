package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Hands each completed request to the {@link TraceRecorder}: arrival time, key, method, path, outcome and status.
 * Only in the chain when recording is on. Thread-safe.
 */
final class TraceRecordingHandler implements ProxiedHandler {

    private final TraceRecorder recorder;
    private final HttpHandler next;

    TraceRecordingHandler(TraceRecorder recorder, HttpHandler next) {
        this.recorder = recorder;
        this.next = next;
    }

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest r) throws Exception {
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                recorder.record(r.arrivalNanos, r.key == null ? "" : r.key, ex.getRequestMethod().toString(),
                        ex.getRequestPath(), r.outcomeOrError(), ex.getStatusCode());
            } finally {
                nextListener.proceed();
            }
        });
        ProxiedHandler.forward(next, exchange, r);
    }

    @Override
    public String toString() {
        return "record(" + recorder.file() + ") -> " + next;
    }
}
