package io.ratelab.proxy;

import io.ratelab.proxy.record.TraceRecorder;

import io.undertow.server.HttpHandler;

import java.util.function.LongSupplier;

/**
 * Assembles the limiting chain, the one place that knows its order:
 * <pre>
 * accounting → [trace recording] → key extraction → limit ─┬─ admitted → 100-continue → forward to upstream
 *                                                          └─ rejected → rejection (429, Retry-After, RateLimit)
 * </pre>
 * Each handler does one thing and takes {@code next} in its constructor; {@code toString()} of the result describes
 * the chain.
 */
final class ProxyChain {

    private ProxyChain() {
    }

    static HttpHandler build(ProxyMetrics metrics, LimiterSwitch limiters, LongSupplier clock, TraceRecorder recorder,
                             HttpHandler upstream) {
        // 100-continue is answered here, when the forwarder first reads an admitted request's body; a rejected one
        // never gets it (and its connection is not reused); the upstream never sees Expect
        HttpHandler h = new LimitHandler(new RejectionHandler(), clock, new ContinueHandler(upstream));
        h = new KeyExtractionHandler(limiters, h);
        if (recorder != null) {
            h = new TraceRecordingHandler(recorder, h);
        }
        return new RequestAccountingHandler(metrics, clock, h);
    }
}
