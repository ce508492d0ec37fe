package io.ratelab.proxy;

import io.ratelab.proxy.record.TraceRecorder;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Hands each completed request to the {@link TraceRecorder}: arrival time, key, method, path, the limiter that
 * decided, outcome, the shadow-mode decision and status.
 * Only in the chain when recording is on. Thread-safe.
 */
final class TraceRecordingHandler implements ProxiedHandler {

    private final TraceRecorder recorder;
    private final HttpHandler next;
    private final ProxiedHandler nextProxied;

    TraceRecordingHandler(TraceRecorder recorder, HttpHandler next) {
        this.recorder = recorder;
        this.next = next;
        this.nextProxied = ProxiedHandler.orNull(next);
    }

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest r) throws Exception {
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                LimiterAssembly a = r.assembly;
                recorder.record(r.arrivalNanos, r.key == null ? "" : r.key, ex.getRequestMethod().toString(),
                        ex.getRequestPath(), a == null ? null : a.settings().limiter().name(), r.outcomeOrError().label(),
                        shadow(r), ex.getStatusCode());
            } finally {
                nextListener.proceed();
            }
        });
        if (nextProxied != null) {
            nextProxied.handle(exchange, r);
        } else {
            next.handleRequest(exchange);
        }
    }

    private static TraceRecorder.Shadow shadow(ProxiedRequest r) {
        if (r.assembly == null || !r.assembly.shadow() || r.decision == null) {
            return TraceRecorder.Shadow.NONE;
        }
        return r.shadowRejected ? TraceRecorder.Shadow.REJECTED : TraceRecorder.Shadow.ADMITTED;
    }

    @Override
    public String toString() {
        return "record(" + recorder.file() + ") -> " + next;
    }
}
