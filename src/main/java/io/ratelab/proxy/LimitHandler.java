package io.ratelab.proxy;

import io.ratelab.redis.SharedLimiter;
import java.util.concurrent.CompletionStage;

import io.ratelab.limit.Decision;
import io.ratelab.limit.RateLimiter;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides the request with its assembly's limiter at its arrival time. A rejection goes to the injected rejection
 * handler and never reaches the upstream — unless the assembly is in shadow mode: then the refusal is noted on the
 * request (counted on completion, recorded in the trace), the optional shadow field says {@code would-reject} on the
 * request sent upstream and on the response, and the request continues as if admitted, with the {@code RateLimit}
 * fields the refusal computed (no {@code Retry-After}, since the answer is not a refusal). A client's own field of
 * that name is dropped, so the application can believe it. A shaping limiter's delay is not applied in shadow mode
 * either (as nginx's {@code limit_req_dry_run}). An admission gets the {@code RateLimit} fields and continues; a
 * delayed admission (a shaping limiter's queue) is scheduled on the exchange's own IO thread with
 * {@code executeAfter} and continues from there, so no thread waits. When the limiter counts requests in flight, the
 * permit goes back to the same limiter when the exchange completes, even if the configuration was swapped meanwhile.
 * Thread-safe.
 */
final class LimitHandler implements ProxiedHandler {

    private final HttpHandler rejection;
    private final LongSupplier clock;
    private final HttpHandler next;
    private final ProxiedHandler rejectionProxied;
    private final ProxiedHandler nextProxied;

    LimitHandler(HttpHandler rejection, LongSupplier clock, HttpHandler next) {
        this.rejection = rejection;
        this.clock = clock;
        this.next = next;
        this.rejectionProxied = ProxiedHandler.orNull(rejection);
        this.nextProxied = ProxiedHandler.orNull(next);
    }

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest r) throws Exception {
        LimiterAssembly a = r.assembly;
        SharedLimiter shared = a.shared();
        if (shared != null) {
            awaitShared(exchange, r, shared.tryAcquire(r.key, r.arrivalNanos));
            return;
        }
        decided(exchange, r, a.limiter().tryAcquire(r.key, r.arrivalNanos));
    }

    /**
     * Parks the exchange until the shared decision arrives: {@code dispatch} ends this call without ending the
     * exchange, and the decision, completed on a Redis client thread, resumes it on the exchange's own IO thread.
     * The stage never completes exceptionally (the failure policy decides) and the store's timeout bounds the wait.
     */
    private void awaitShared(HttpServerExchange exchange, ProxiedRequest r, CompletionStage<Decision> pending) {
        exchange.dispatch(task -> pending.whenComplete((d, e) -> {
            r.decision = d;
            exchange.getIoThread().execute(task);
        }), ex -> decided(ex, r, r.decision));
    }

    private void decided(HttpServerExchange exchange, ProxiedRequest r, Decision d) throws Exception {
        LimiterAssembly a = r.assembly;
        r.decision = d;
        HttpString shadowHeader = a.shadowHeader();
        if (shadowHeader != null) {
            exchange.getRequestHeaders().remove(shadowHeader);
        }
        if (!d.allowed()) {
            if (!a.shadow()) {
                reject(exchange, r);
                return;
            }
            r.shadowRejected = true;
            if (shadowHeader != null) {
                exchange.getRequestHeaders().put(shadowHeader, LimitSettings.WOULD_REJECT);
                exchange.getResponseHeaders().put(shadowHeader, LimitSettings.WOULD_REJECT);
            }
        }
        RateLimitHeaders.admitted(exchange.getResponseHeaders(), a, d);
        // a refusal holds no permit, so a shadow refusal has none to give back
        if (a.releases() && d.allowed()) {
            exchange.addExchangeCompleteListener(new Release(a.limiter(), r.key, clock));
        }
        // shadow mode changes no request's timing either: the delay is counted in the limiter's state, not applied
        if (d.delayNanos() > 0 && !a.shadow()) {
            // XNIO's timer counts whole milliseconds and truncates; round up so a shaped request never leaves early
            long delayMillis = (d.delayNanos() + 999_999) / 1_000_000;
            exchange.dispatch(task -> exchange.getIoThread().executeAfter(task, delayMillis, TimeUnit.MILLISECONDS),
                    next);
            return;
        }
        if (nextProxied != null) {
            nextProxied.handle(exchange, r);
        } else {
            next.handleRequest(exchange);
        }
    }

    private void reject(HttpServerExchange exchange, ProxiedRequest r) throws Exception {
        r.outcome = Outcome.REJECTED;
        if (rejectionProxied != null) {
            rejectionProxied.handle(exchange, r);
        } else {
            rejection.handleRequest(exchange);
        }
    }

    @Override
    public String toString() {
        return "limit(reject: " + rejection + ") -> " + next;
    }

    /** Hands a concurrency permit back to the limiter that gave it. */
    private record Release(RateLimiter limiter, String key, LongSupplier clock) implements ExchangeCompletionListener {
        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
            try {
                limiter.release(key, clock.getAsLong());
            } finally {
                nextListener.proceed();
            }
        }
    }
}
