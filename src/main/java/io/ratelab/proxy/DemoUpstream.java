package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A demo upstream so everything works out of the box: answers {@code 200 ok} after a service time drawn from a
 * {@link LatencyDistribution}, fails a fraction of requests with 500, and beyond {@code capacity} concurrent requests
 * answers 503 at once. Service time is waited with {@code executeAfter} on the IO thread, so no thread sleeps and
 * thousands of requests can be in service at once. Randomness comes from one seeded {@link Random}. Thread-safe.
 */
public final class DemoUpstream implements AutoCloseable {

    /**
     * What the demo upstream does.
     *
     * @param listen    where it listens
     * @param latency   service time distribution
     * @param errorRate fraction of requests answered 500, 0-1
     * @param capacity  requests in service at most; beyond it 503 (0 = unbounded)
     * @param seed      seed of the random draws
     * @param ioThreads IO threads
     */
    public record Spec(HostPort listen, LatencyDistribution latency, double errorRate, int capacity, long seed,
                       int ioThreads) {
        public Spec {
            if (listen == null || latency == null) {
                throw new IllegalArgumentException("listen and latency are required");
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("error rate must be between 0 and 1, got " + errorRate);
            }
            if (capacity < 0) {
                throw new IllegalArgumentException("capacity must be 0 (unbounded) or more, got " + capacity);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be positive, got " + ioThreads);
            }
        }
    }

    private static final ByteBuffer OK = direct("ok\n");
    private static final ByteBuffer ERROR = direct("demo upstream: injected error\n");

    private final Spec spec;
    private final HttpListeners listeners;
    private final HostPort address;
    private final Random random;
    private final AtomicInteger inService = new AtomicInteger();

    private DemoUpstream(Spec spec) throws IOException {
        this.spec = spec;
        this.random = new Random(spec.seed());
        this.listeners = new HttpListeners(spec.ioThreads(), true);
        try {
            InetSocketAddress bound = listeners.listen(spec.listen(), this::handle);
            this.address = spec.listen().withPort(bound.getPort());
        } catch (IOException | RuntimeException e) {
            listeners.close();
            throw e;
        }
    }

    public static DemoUpstream start(Spec spec) throws IOException {
        return new DemoUpstream(spec);
    }

    public HostPort listenAddress() {
        return address;
    }

    /** Requests in service now. */
    public int inService() {
        return inService.get();
    }

    private void handle(HttpServerExchange exchange) {
        int now = inService.incrementAndGet();
        if (spec.capacity() > 0 && now > spec.capacity()) {
            inService.decrementAndGet();
            exchange.setStatusCode(503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send("demo upstream at capacity (" + spec.capacity() + " in service)\n");
            return;
        }
        exchange.addExchangeCompleteListener((ex, next) -> {
            inService.decrementAndGet();
            next.proceed();
        });
        long delay = spec.latency().sampleNanos(random);
        boolean fail = spec.errorRate() > 0 && random.nextDouble() < spec.errorRate();
        HttpHandler answer = ex -> respond(ex, fail);
        if (delay <= 0) {
            respond(exchange, fail);
        } else {
            exchange.dispatch(task -> exchange.getIoThread().executeAfter(task, delay, TimeUnit.NANOSECONDS), answer);
        }
    }

    private static void respond(HttpServerExchange exchange, boolean fail) {
        ByteBuffer body = (fail ? ERROR : OK).duplicate();
        exchange.setStatusCode(fail ? 500 : 200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
        exchange.getResponseSender().send(body);
    }

    /** One line for the log: what listens where and how it behaves. */
    public String describe() {
        return "ratelab demo upstream listening on http://" + address + " | latency " + spec.latency() + " | errors "
                + spec.errorRate() + " | capacity " + (spec.capacity() == 0 ? "unbounded" : spec.capacity());
    }

    @Override
    public void close() {
        listeners.close();
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length).put(b).flip().asReadOnlyBuffer();
    }
}
