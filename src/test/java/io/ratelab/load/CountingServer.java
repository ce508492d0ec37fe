package io.ratelab.load;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * A real HTTP server on loopback for load tests: counts what it received, by key header and by client address,
 * tracks the highest concurrency it saw, and can delay answers (without blocking a thread) or answer another status.
 * The delay for the n-th request (0-based) comes from {@code delayMillis}.
 */
public final class CountingServer implements AutoCloseable {

    public final AtomicLong received = new AtomicLong();
    public final Map<String, AtomicLong> byKey = new ConcurrentHashMap<>();
    public final Map<String, AtomicLong> byAddress = new ConcurrentHashMap<>();
    /** Arrival times (System.nanoTime) per key header value. */
    public final Map<String, java.util.List<Long>> arrivalsByKey = new ConcurrentHashMap<>();
    /** The connections that carried at least one request. */
    public final java.util.Set<Object> connectionsUsed = ConcurrentHashMap.newKeySet();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Undertow server;
    private final String keyHeader;
    private volatile LongUnaryOperator delayMillis = n -> 0;
    private volatile int status = 200;
    private volatile String retryAfter;

    public CountingServer(String keyHeader) {
        this.keyHeader = keyHeader;
        this.server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(1)
                .setServerOption(io.undertow.UndertowOptions.ENABLE_STATISTICS, true)
                .setHandler(this::handle).build();
        server.start();
    }

    public CountingServer() {
        this("X-Api-Key");
    }

    public CountingServer delay(LongUnaryOperator millisForRequestNumber) {
        this.delayMillis = millisForRequestNumber;
        return this;
    }

    public CountingServer status(int code) {
        this.status = code;
        return this;
    }

    /** Answers with this {@code Retry-After} value. */
    public CountingServer retryAfter(String value) {
        this.retryAfter = value;
        return this;
    }

    public String url() {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return "http://127.0.0.1:" + port + "/hello";
    }

    /** Connections accepted and still open (requests or not). */
    public long openConnections() {
        return server.getListenerInfo().get(0).getConnectorStatistics().getActiveConnections();
    }

    private void handle(HttpServerExchange exchange) {
        connectionsUsed.add(exchange.getConnection());
        long n = received.getAndIncrement();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        String key = exchange.getRequestHeaders().getFirst(new HttpString(keyHeader));
        if (key != null) {
            byKey.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            arrivalsByKey.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                    .add(System.nanoTime());
        }
        String address = exchange.getSourceAddress().getAddress().getHostAddress();
        byAddress.computeIfAbsent(address, k -> new AtomicLong()).incrementAndGet();
        long delay = delayMillis.applyAsLong(n);
        if (delay <= 0) {
            answer(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                exchange.getIoThread().executeAfter(() -> answer(exchange), delay, TimeUnit.MILLISECONDS));
    }

    private void answer(HttpServerExchange exchange) {
        inFlight.decrementAndGet();
        exchange.setStatusCode(status);
        if (retryAfter != null) {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, retryAfter);
        }
        exchange.getResponseSender().send("ok\n");
    }

    @Override
    public void close() {
        server.stop();
    }
}
