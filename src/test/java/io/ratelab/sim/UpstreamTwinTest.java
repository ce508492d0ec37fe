package io.ratelab.sim;

import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.scenario.UpstreamSpec;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live demo upstream against the simulator's upstream on the same {@link UpstreamSpec} and seed: the same service
 * times drawn, the same FIFO queue at {@code concurrency}.
 */
class UpstreamTwinTest {

    private static final long SEED = 11;

    @Test
    void theLiveUpstreamDrawsTheSimulatorsServiceTimes() throws Exception {
        // ample servers: nothing waits, so the simulator's completion minus arrival is the draw itself
        UpstreamSpec spec = new UpstreamSpec(64, new ServiceTimeSpec(ServiceTimeSpec.Distribution.LOGNORMAL,
                Duration.ofMillis(4), Duration.ofMillis(16), null, null), 0.0, null);
        int n = 400;
        Histogram simulated = histogram();
        Upstream sim = new Upstream(spec, SEED, Long.MAX_VALUE / 4);
        for (int i = 0; i < n; i++) {
            long arrival = i * 10_000_000_000L;
            simulated.recordValue(sim.serve(arrival) - arrival);
        }
        LatencySummary expected = LatencySummary.of(simulated);
        try (DemoUpstream live = DemoUpstream.start(DemoUpstream.Spec.of(spec, SEED))) {
            sendInParallel(live, n, 8);
            DemoUpstream.Stats s = live.stats();
            assertEquals(n, s.served());
            // one sampler, one seed, one draw per request under one lock: the same multiset of service times
            assertEquals(expected, s.drawn(), "drawn live = drawn by the simulator");
            // what was served: the timer truncates to whole milliseconds and wakes up to one later; a median served
            // below the simulated median minus 1 ms would be a model difference, above it a busy machine
            double p50 = s.serviceTime().p50Nanos() / 1e6;
            double simP50 = expected.p50Nanos() / 1e6;
            assertTrue(p50 >= simP50 - 1.05 && p50 <= simP50 + 10, "served p50 " + p50 + " ms, simulated " + simP50);
        }
    }

    @Test
    void theLiveQueueWaitsAsTheSimulatedOne() throws Exception {
        // 2 servers, 200 ms each, 20 requests at once: the simulated waits are 0, 0, 200, 200, ... 1800, 1800 ms
        // (mean 900); services long against the time 20 connections take to open on a loaded machine
        UpstreamSpec spec = new UpstreamSpec(2, ServiceTimeSpec.constant(Duration.ofMillis(200)), 0.0, null);
        int n = 20;
        Upstream sim = new Upstream(spec, SEED, Long.MAX_VALUE / 4);
        for (int i = 0; i < n; i++) {
            sim.serve(0);
        }
        double simulatedMs = sim.meanQueueNanos() / 1e6;
        assertEquals(900, simulatedMs, 1e-9);
        try (DemoUpstream live = DemoUpstream.start(DemoUpstream.Spec.of(spec, SEED))) {
            sendInParallel(live, n, n);
            DemoUpstream.Stats s = live.stats();
            double liveMs = s.queueWait().meanNanos() / 1e6;
            // the requests reach it over some ms rather than at one instant (shorter waits), each service lasts up
            // to a millisecond more (longer ones) and a loaded machine answers late (longer): the mean within
            // -20% .. +30%, and the last one waited for the nine pairs before it
            assertTrue(liveMs >= 0.8 * simulatedMs && liveMs <= 1.3 * simulatedMs + 10,
                    "live mean queue wait " + liveMs + " ms, simulated " + simulatedMs);
            assertTrue(s.queueWait().maxNanos() >= 1_500_000_000L, "max wait " + s.queueWait().maxNanos() / 1e6);
        }
    }

    @Test
    void beyondTheQueueLimitBothRefuseTheSameRequests() throws Exception {
        // 1 server, 2 waiting places, 30 s service: of 5 simultaneous requests 3 are accepted and 2 refused
        UpstreamSpec spec = new UpstreamSpec(1, ServiceTimeSpec.constant(Duration.ofSeconds(30)), 0.0, 2);
        Upstream sim = new Upstream(spec, SEED, Long.MAX_VALUE / 4);
        int simRefused = 0;
        for (int i = 0; i < 5; i++) {
            sim.serve(i);
            if (sim.lastAnswer() == Upstream.Answer.REFUSED) {
                simRefused++;
            }
        }
        assertEquals(2, simRefused);
        try (DemoUpstream live = DemoUpstream.start(DemoUpstream.Spec.of(spec, SEED))) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(client.sendAsync(request(live), HttpResponse.BodyHandlers.discarding()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((live.inService() < 1 || live.waiting() < 2) && System.nanoTime() < deadline) {
                Thread.yield();
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(503, client.send(request(live), HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            assertEquals(simRefused, live.stats().refused());
            held.forEach(f -> f.cancel(true));
        }
    }

    private static void sendInParallel(DemoUpstream live, int n, int parallel) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(pool.submit(() -> client.send(request(live), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (Future<Integer> f : all) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpRequest request(DemoUpstream live) {
        return HttpRequest.newBuilder(URI.create("http://" + live.listenAddress() + "/")).build();
    }

    private static Histogram histogram() {
        return new Histogram(RunMetrics.LOWEST_NANOS, RunMetrics.HIGHEST_NANOS, RunMetrics.DIGITS);
    }
}
