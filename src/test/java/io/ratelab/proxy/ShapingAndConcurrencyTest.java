package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves shaping (a leaky queue delays admitted requests without holding the one IO thread, and a full queue
 * rejects) and that a concurrency permit goes back to the limiter that gave it even after a swap.
 */
class ShapingAndConcurrencyTest {

    private static final Duration INTERVAL = Duration.ofSeconds(3);

    @Test
    void aQueuedRequestWaitsItsDelayWhileTheIoThreadServesOthers() throws Exception {
        ManualClock clock = new ManualClock();
        LimiterSpec queue = new LimiterSpec("queue", Algorithm.LEAKY_QUEUE, Rate.parse("1/3s"), 2L, null, null, null,
                null, null, null, null);
        try (DemoUpstream upstream = demo()) {
            LimitingProxy proxy = LimitingProxy.start(ProxyConfig.builder().listen(ANY_PORT)
                    .upstream(url(upstream.listenAddress())).admin(ANY_PORT).key(KeyRule.parse("header:X-Client"))
                    .limiter(queue).ioThreads(1).build(), clock::now);
            try {
                HttpClient client = client();
                URI uri = url(proxy.listenAddress());
                assertEquals(200, get(client, uri, "X-Client", "a").statusCode(), "an empty queue: no delay");
                long sent = System.nanoTime();
                CompletableFuture<Long> second = timed(client, uri, sent);
                awaitReceived(proxy, 2);
                CompletableFuture<Long> third = timed(client, uri, sent);
                awaitReceived(proxy, 3);
                HttpResponse<String> full = get(client, uri, "X-Client", "a");
                assertEquals(429, full.statusCode(), "the queue of 2 is full");
                assertEquals("3", full.headers().firstValue("Retry-After").orElseThrow());

                assertEquals(200, get(client, uri, "X-Client", "b").statusCode(), "another key is served at once");
                assertFalse(second.isDone(), "the IO thread answered b while a's queued request still waits");

                long secondNanos = second.get(30, TimeUnit.SECONDS);
                long thirdNanos = third.get(30, TimeUnit.SECONDS);
                long slack = Duration.ofMillis(15).toNanos();
                assertTrue(secondNanos >= INTERVAL.toNanos() - slack, "waited " + secondNanos / 1e6 + " ms");
                assertTrue(thirdNanos >= 2 * INTERVAL.toNanos() - slack, "waited " + thirdNanos / 1e6 + " ms");
                ProxyMetrics.Totals t = settled(proxy);
                assertEquals(4, t.admitted());
                assertEquals(1, t.rejected());
            } finally {
                proxy.close();
            }
        }
    }

    /** Sends one request for key a; completes with the nanoseconds from {@code since} to its 200 answer. */
    private static CompletableFuture<Long> timed(HttpClient client, URI uri, long since) {
        return client.sendAsync(HttpRequest.newBuilder(uri).header("X-Client", "a").timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                    assertEquals(200, r.statusCode());
                    assertEquals("ok\n", r.body());
                    return System.nanoTime() - since;
                });
    }

    private static void awaitReceived(LimitingProxy proxy, long n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (proxy.metrics().totals().received() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the proxy never received request " + n);
            }
            Thread.yield();
        }
    }

    @Test
    void concurrencyPermitsGoBackToTheLimiterThatGaveThemAcrossASwap() throws Exception {
        try (RawUpstream held = new RawUpstream(false, false)) {
            LimitingProxy proxy = LimitingProxy.start(config(url(held.address()), KeyRule.GLOBAL, concurrency(2, "c2"),
                    List.of(), false, ProxyConfig.Timeouts.DEFAULT, null));
            try {
                HttpClient client = client();
                URI uri = url(proxy.listenAddress());
                CompletableFuture<HttpResponse<String>> a = async(client, uri);
                CompletableFuture<HttpResponse<String>> b = async(client, uri);
                assertTrue(held.arrivals.tryAcquire(2, 10, TimeUnit.SECONDS), "a and b reached the upstream");
                HttpResponse<String> c = get(client, uri);
                assertEquals(429, c.statusCode(), "two in flight, limit 2");
                assertEquals("\"c2\";q=2;qu=\"concurrent-requests\"",
                        c.headers().firstValue("RateLimit-Policy").orElseThrow());

                proxy.apply(LimitSettings.of(KeyRule.GLOBAL, concurrency(1, "c1")));
                CompletableFuture<HttpResponse<String>> x = async(client, uri);
                assertTrue(held.arrivals.tryAcquire(1, 10, TimeUnit.SECONDS), "x reached the upstream");
                held.answers.release(2);
                assertEquals(200, a.get(10, TimeUnit.SECONDS).statusCode());
                assertEquals(200, b.get(10, TimeUnit.SECONDS).statusCode());
                settledExcept(proxy, 1);
                assertEquals(429, get(client, uri).statusCode(),
                        "a and b gave their permits to c2; c1 still has x in flight");
                held.answers.release(1);
                assertEquals(200, x.get(10, TimeUnit.SECONDS).statusCode());
                settled(proxy);
                CompletableFuture<HttpResponse<String>> y = async(client, uri);
                assertTrue(held.arrivals.tryAcquire(1, 10, TimeUnit.SECONDS), "x's permit came back: y admitted");
                held.answers.release(1);
                assertEquals(200, y.get(10, TimeUnit.SECONDS).statusCode());
            } finally {
                proxy.close();
            }
        }
    }

    private static LimiterSpec concurrency(long n, String name) {
        return new LimiterSpec(name, Algorithm.CONCURRENCY, null, null, null, null, null, null, null, null, n);
    }

    private static CompletableFuture<HttpResponse<String>> async(HttpClient client, URI uri) {
        return client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until exactly {@code n} requests are in flight. */
    private static void settledExcept(LimitingProxy proxy, long n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (proxy.metrics().totals().inFlight() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("in flight: " + proxy.metrics().totals());
            }
            Thread.yield();
        }
    }
}
