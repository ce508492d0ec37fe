package io.ratelab.sim;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator against arithmetic it must reproduce exactly, and its determinism. */
class SimulatorTest {

    /** The default round trip between clients and proxy ({@code network.rtt}), in ms. */
    static final double RTT_MS = io.ratelab.scenario.NetworkSpec.DEFAULT_RTT.toNanos() / 1e6;

    static Scenario scenario(String yaml) {
        return Scenario.parse(yaml, "test.yaml", FileFormats.yaml(), Path.of("."));
    }

    static SimulationResult run(String yaml) {
        return Simulator.run(scenario(yaml), Path.of("."), null);
    }

    @Test
    void constantArrivalsFasterThanATokenBucketAdmitBurstPlusRateTimesT() {
        // 100/s for 30 s against 10/s, burst 20: admitted = burst + rate·T = 20 + 300, within one request
        for (String rate : new String[]{"100/s", "37/s", "1000/s"}) {
            SimulationResult r = run("""
                    duration: 30s
                    limiters: [{algorithm: token-bucket, rate: 10/s, burst: 20}]
                    traffic: [{name: flood, arrival: {process: constant, rate: %s}}]
                    """.formatted(rate));
            LimiterResult l = r.limiters().get(0);
            assertEquals(320, l.admitted(), 1.0, "admitted at " + rate);
            assertEquals(l.sent(), l.admitted() + l.rejected());
            assertEquals(l.offered(), l.sent(), "no retries");
        }
    }

    @Test
    void sameSeedGivesByteIdenticalJsonAndAnotherSeedDoesNot() throws Exception {
        String yaml = """
                duration: 20s
                seed: %d
                key: ip
                limiters:
                  - {name: a, algorithm: token-bucket, rate: 10/s, burst: 5}
                  - {name: b, algorithm: token-bucket, rate: 50/s, burst: 50, key: global}
                traffic:
                  - {name: polite, clients: 50, arrival: {process: poisson, rate: 2/s}}
                  - {name: bursty, clients: 3, arrival: {process: bursts, rate: 40/s, on: 2s, off: 3s},
                     retry: {policy: backoff, base: 10ms, max: 1s}}
                upstream: {concurrency: 4, serviceTime: {distribution: lognormal, median: 20ms, p99: 200ms},
                           errorRate: 0.05}
                """;
        String first = FileFormats.json().writeValueAsString(run(yaml.formatted(7)));
        String second = FileFormats.json().writeValueAsString(run(yaml.formatted(7)));
        assertEquals(first, second);
        assertNotEquals(first, FileFormats.json().writeValueAsString(run(yaml.formatted(8))));
    }

    @Test
    void upstreamQueueGivesDeterministicLatencyAndUtilisation() {
        // D/D/1: a request every 10 ms, each served 20 ms: the k-th waits 10k ms, so latency = 20 + 10k ms
        SimulationResult r = run("""
                duration: 1s
                limiters: [{algorithm: token-bucket, rate: 1000/s, burst: 1000}]
                traffic: [{name: steady, arrival: {process: constant, rate: 100/s}}]
                upstream: {concurrency: 1, serviceTime: {distribution: constant, median: 20ms}}
                """);
        LimiterResult l = r.limiters().get(0);
        assertEquals(100, l.admitted());
        assertEquals(20 + 10 * 99, l.latencyMs().max(), 1.0);
        assertEquals(20 + 10 * 49.5, l.latencyMs().mean(), 1.0);
        assertEquals(1.0, l.upstream().utilisation(), 1e-9, "busy the whole second");
        assertEquals(10 * 49.5, l.upstream().meanQueueMs(), 1e-6);
    }

    @Test
    void enoughServersMeanNoQueue() {
        SimulationResult r = run("""
                duration: 2s
                limiters: [{algorithm: token-bucket, rate: 1000/s, burst: 1000}]
                traffic: [{name: steady, arrival: {process: constant, rate: 100/s}}]
                upstream: {concurrency: 4, serviceTime: {distribution: constant, median: 20ms}}
                """);
        LimiterResult l = r.limiters().get(0);
        assertEquals(20.0 + RTT_MS, l.latencyMs().max(), 0.05, "service and the clients' round trip");
        assertEquals(0.0, l.upstream().meanQueueMs());
        // 200 requests x 20 ms on 4 servers for 2 s, less the 10 ms the last one runs past the end
        assertEquals((200 * 0.02 - 0.01) / (4 * 2.0), l.upstream().utilisation(), 1e-4);
    }

    @Test
    void retriesAreCountedApartFromFirstAttempts() {
        // one client at 1/s against 1 request per 10 s: every rejected first attempt is resent twice at once
        SimulationResult r = run("""
                duration: 10s
                limiters: [{algorithm: token-bucket, rate: 6/m, burst: 1}]
                traffic: [{name: c, arrival: {process: constant, rate: 1/s},
                           retry: {policy: immediate, maxAttempts: 3}}]
                """);
        LimiterResult l = r.limiters().get(0);
        assertEquals(10, l.offered(), "offered: first attempts");
        assertEquals(1, l.admitted(), "the first request only");
        assertEquals(18, l.retries(), "9 rejected requests, 2 resends each");
        assertEquals(0, l.retriesAdmitted());
        assertEquals(28, l.sent(), "sent: first attempts and retries");
        assertEquals(18, l.groups().get(0).retries());
        assertEquals(1, l.perSecond().offered()[5]);
        assertEquals(2, l.perSecond().retries()[5]);
    }

    @Test
    void retryAfterClientsResendWhenTheHeaderSaysInWholeSeconds() {
        // 4/s against 1/s, burst 1: the sends at k s are admitted, those at k+¼, k+½, k+¾ are rejected with a
        // retry-after under 1 s, sent as "Retry-After: 1", so each is resent 1 s later — onto a quarter second
        // where the bucket is empty again. Resends past 10 s are not made.
        SimulationResult r = run("""
                duration: 10s
                limiters: [{algorithm: token-bucket, rate: 1/s, burst: 1}]
                traffic: [{name: c, arrival: {process: constant, rate: 4/s},
                           retry: {policy: retry-after, maxAttempts: 2}}]
                """);
        LimiterResult l = r.limiters().get(0);
        assertEquals(40, l.offered());
        assertEquals(10, l.admitted());
        assertEquals(27, l.retries());
        assertEquals(0, l.retriesAdmitted());
        assertEquals(0, l.perSecond().retries()[0]);
        assertEquals(3, l.perSecond().retries()[1]);
    }

    @Test
    void perSecondSeriesAddUpAndDescribeEachGroup() {
        SimulationResult r = run("""
                duration: 5s
                key: ip
                limiters: [{algorithm: token-bucket, rate: 5/s, burst: 5}]
                traffic:
                  - {name: polite, clients: 10, arrival: {process: constant, rate: 2/s}}
                  - {name: greedy, clients: 2, arrival: {process: constant, rate: 50/s}}
                """);
        LimiterResult l = r.limiters().get(0);
        assertEquals(5, l.perSecond().offered().length);
        assertArrayEquals(new long[]{20, 20, 20, 20, 20}, l.groups().get(0).perSecond().admitted());
        assertEquals(0, l.groups().get(0).rejected());
        assertEquals(2 * (5 + 5 * 5), l.groups().get(1).admitted(), 2.0);
        long sum = 0;
        for (long x : l.perSecond().rejected()) {
            sum += x;
        }
        assertEquals(l.rejected(), sum);
        assertEquals(10, l.wellBehavedClients(), "2/s is within 5/s per address; 50/s is not");
        assertEquals(0.0, l.wellBehavedRejectedShare());
        assertEquals(1.0, l.fairness(), 1e-9, "everyone got at least their fair share");
    }

    @Test
    void aSharedLimitHurtsPoliteClientsAndFairnessShowsIt() {
        SimulationResult r = run("""
                duration: 20s
                limiters:
                  - {name: shared, algorithm: token-bucket, rate: 30/s, burst: 10}
                  - {name: per-ip, algorithm: token-bucket, rate: 3/s, burst: 3, key: ip}
                traffic:
                  - {name: polite, clients: 9, arrival: {process: constant, rate: 1/s}}
                  - {name: greedy, clients: 1, arrival: {process: constant, rate: 100/s}}
                """);
        LimiterResult shared = r.limiters().get(0);
        LimiterResult perIp = r.limiters().get(1);
        assertEquals(9, shared.wellBehavedClients(), "1/s is within 30/s shared by 10");
        assertTrue(shared.wellBehavedRejectedShare() > 0.3, "greedy takes the polite clients' tokens: "
                + shared.wellBehavedRejectedShare());
        assertTrue(shared.fairness() < 0.95, "fairness " + shared.fairness());
        assertEquals(0.0, perIp.wellBehavedRejectedShare());
        assertEquals(1.0, perIp.fairness(), 1e-9);
    }

    @Test
    void theRatePerKeyOfEachKindOfSpec() {
        assertTrue(Double.isNaN(ResultBuilder.ratePerSecond(LimiterSpec.builder(Algorithm.CONCURRENCY).concurrency(4)
                .build())), "the concurrency limit has no rate");
        assertEquals(10.0, ResultBuilder.ratePerSecond(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("600/m"),
                5L)), 1e-12);
        assertEquals(5.0, ResultBuilder.ratePerSecond(LimiterSpec.builder(Algorithm.FIXED_WINDOW)
                .rate(Rate.parse("50/m")).window(Duration.ofSeconds(10)).build()), 1e-12,
                "50 per 10 s window");
    }

    @Test
    void aFixedWindowAdmitsTwiceItsLimitAcrossABoundaryAndASlidingLogDoesNot() {
        SimulationResult r = run("""
                duration: 2m
                limiters:
                  - {name: fixed, algorithm: fixed-window, rate: 100/m}
                  - {name: log, algorithm: sliding-log, rate: 100/m}
                traffic: [{name: c, arrival: {process: spike, rate: 100/s, at: 59s, length: 2s, spacing: even}}]
                """);
        LimiterResult fixed = r.limiters().get(0);
        LimiterResult log = r.limiters().get(1);
        assertEquals(200, fixed.offered());
        assertEquals(200, fixed.admitted(), "100 before the boundary at 60 s, 100 after");
        assertEquals(200, fixed.peakAdmittedPerWindow());
        assertEquals(60, fixed.windowSeconds());
        assertEquals(100, log.admitted());
        assertEquals(100, log.peakAdmittedPerWindow());
    }

    @Test
    void peakIsTheLargestSumOverConsecutiveSeconds() {
        assertEquals(9, ResultBuilder.peak(new long[]{1, 2, 3, 4, 5, 0}, 2));
        assertEquals(15, ResultBuilder.peak(new long[]{1, 2, 3, 4, 5}, 60));
        assertEquals(0, ResultBuilder.peak(new long[]{1, 2}, 0));
    }

    @Test
    void theConcurrencyLimitGetsItsPermitBackWhenTheRequestCompletes() {
        // a request every 10 ms, each served 100 ms, at most 2 in flight: the pair sent at 0 and 10 ms completes at
        // 100 and 110 ms, exactly when the next pair arrives (completions go first), and so on: 2 per 100 ms
        SimulationResult r = run("""
                duration: 1s
                limiters: [{algorithm: concurrency, concurrency: 2}]
                traffic: [{name: c, arrival: {process: constant, rate: 100/s}}]
                upstream: {concurrency: 10, serviceTime: {distribution: constant, median: 100ms}}
                """);
        LimiterResult l = r.limiters().get(0);
        assertEquals(100, l.offered());
        assertEquals(20, l.admitted());
        assertEquals(100.0 + RTT_MS, l.latencyMs().max(), 0.1);
        assertArrayEquals(new long[]{20}, l.perSecond().admitted());
    }
}
