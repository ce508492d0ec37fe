package io.ratelab.proxy.demo;

import io.ratelab.scenario.ServiceTimeSpec;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the demo upstream's queue bound, FIFO queue at concurrency, error rate and its mean-based shapes. */
class DemoUpstreamTest {

    @Test
    void beyondCapacityIs503AtOnce() throws Exception {
        try (DemoUpstream up = DemoUpstream.start(DemoUpstream.Spec.withCapacity(ANY_PORT,
                new DemoServiceTime(DemoServiceTime.Kind.CONSTANT, Duration.ofSeconds(30)), 0, 2, 1, 1))) {
            HttpClient client = client();
            CompletableFuture<?> a = send(client, up);
            CompletableFuture<?> b = send(client, up);
            awaitState(up, 2, 0);
            HttpResponse<String> third = get(client, url(up.listenAddress()));
            assertEquals(503, third.statusCode());
            assertTrue(third.body().contains("capacity"), third.body());
            assertEquals(1, up.stats().refused());
            a.cancel(true);
            b.cancel(true);
        }
    }

    @Test
    void aFullQueueRefusesWithA503AndTheQueuedWait() throws Exception {
        // 2 servers, 1 waiting place: the third request waits, the fourth is refused at once
        try (DemoUpstream up = DemoUpstream.start(new DemoUpstream.Spec(ANY_PORT,
                ServiceTimeSpec.constant(Duration.ofSeconds(30)), 0, 2, 1, 1, 1))) {
            HttpClient client = client();
            List<CompletableFuture<?>> held = new ArrayList<>();
            held.add(send(client, up));
            held.add(send(client, up));
            awaitState(up, 2, 0);
            held.add(send(client, up));
            awaitState(up, 2, 1);
            HttpResponse<String> fourth = get(client, url(up.listenAddress()));
            assertEquals(503, fourth.statusCode());
            assertEquals(2, up.inService(), "the refused request took no server");
            held.forEach(f -> f.cancel(true));
        }
    }

    @Test
    void requestsBeyondConcurrencyWaitTheirTurnInArrivalOrder() throws Exception {
        // one server, 30 ms each, 8 requests at once: they are answered one after another, never two together
        try (DemoUpstream up = DemoUpstream.start(new DemoUpstream.Spec(ANY_PORT,
                ServiceTimeSpec.constant(Duration.ofMillis(30)), 0, 1, -1, 1, 1))) {
            HttpClient client = client();
            List<CompletableFuture<Long>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                done.add(send(client, up).thenApply(r -> System.nanoTime()));
            }
            List<Long> ends = new ArrayList<>();
            for (CompletableFuture<Long> f : done) {
                ends.add(f.get());
            }
            ends.sort(Long::compare);
            // the timer never fires early and serves one at a time: the last answer at least 7 x 30 ms after the
            // first (the client may see two answers bunched together, so not each gap)
            long span = ends.get(ends.size() - 1) - ends.get(0);
            assertTrue(span >= 7 * 29_000_000L, "8 answers within " + span / 1e6 + " ms");
            DemoUpstream.Stats s = up.stats();
            assertEquals(8, s.served());
            assertTrue(s.queueWait().maxNanos() >= 150_000_000L, "the last waited for the 7 before it: "
                    + s.queueWait().maxNanos() / 1e6 + " ms");
            assertTrue(s.serviceTime().p50Nanos() >= 29_000_000L, "served at least the drawn 30 ms");
        }
    }

    @Test
    void errorRateOneFailsEveryRequest() throws Exception {
        try (DemoUpstream up = DemoUpstream.start(DemoUpstream.Spec.withCapacity(ANY_PORT,
                new DemoServiceTime(DemoServiceTime.Kind.CONSTANT, Duration.ofMillis(1)), 1.0, 0, 1, 1))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(500, get(client(), url(up.listenAddress())).statusCode());
            }
            assertEquals(3, up.stats().errors());
        }
    }

    @Test
    void meanBasedShapesHaveTheirMean() {
        Duration mean = Duration.ofMillis(20);
        for (DemoServiceTime.Kind k : DemoServiceTime.Kind.values()) {
            var sampler = new io.ratelab.scenario.ServiceTimeSampler(new DemoServiceTime(k, mean).serviceTime(),
                    new SplittableRandom(42));
            int n = 200_000;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += sampler.next();
            }
            double observed = sum / n / 1e6;
            assertEquals(20.0, observed, 20.0 * 0.02, k + " mean within 2% over " + n + " draws (seed 42)");
        }
    }

    private static CompletableFuture<HttpResponse<Void>> send(HttpClient client, DemoUpstream up) {
        return client.sendAsync(HttpRequest.newBuilder(url(up.listenAddress())).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Waits (a bounded poll, not a sleep) until the upstream serves {@code busy} and holds {@code waiting}. */
    private static void awaitState(DemoUpstream up, int busy, int waiting) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((up.inService() < busy || up.waiting() < waiting) && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertEquals(busy, up.inService(), "in service");
        assertEquals(waiting, up.waiting(), "waiting");
    }
}
