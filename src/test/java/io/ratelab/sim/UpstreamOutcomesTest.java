package io.ratelab.sim;

import org.junit.jupiter.api.Test;

import static io.ratelab.sim.SimulatorTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator counts answers by outcome: the upstream's 500s and 503s are errors, not admitted, with latencies. */
class UpstreamOutcomesTest {

    @Test
    void theErrorRateMovesSendsFromAdmittedToErrors() {
        // 100/s for 20 s through a limiter that admits everything, half of it failed upstream (seed fixed)
        LimiterResult l = run("""
                duration: 20s
                seed: 9
                limiters: [{algorithm: token-bucket, rate: 1000/s, burst: 1000}]
                traffic: [{name: c, arrival: {process: constant, rate: 100/s}}]
                upstream: {concurrency: 8, serviceTime: {distribution: constant, median: 5ms}, errorRate: 0.5}
                """).limiters().get(0);
        assertEquals(2000, l.sent());
        assertEquals(l.sent(), l.admitted() + l.rejected() + l.errors());
        assertEquals(l.errors(), l.upstream().errors());
        // binomial(2000, 0.5): sd 22.4, so within 4 sd of 1000
        assertEquals(1000, l.errors(), 90);
        assertEquals(l.admitted(), l.latencyByOutcomeMs().admitted().count());
        assertEquals(l.errors(), l.latencyByOutcomeMs().error().count());
        assertEquals(5.0 + SimulatorTest.RTT_MS, l.latencyByOutcomeMs().error().p50(), 0.01,
                "a failed request is answered after service and the round trip");
        assertEquals(l.errors(), java.util.Arrays.stream(l.perSecond().errors()).sum());
        assertEquals(l.admitted(), java.util.Arrays.stream(l.perSecond().admitted()).sum());
    }

    @Test
    void aFullQueueRefusesAt503AndCountsAnError() {
        // 200/s into 1 server of 10 ms (capacity 100/s) with at most 5 waiting: about half is refused
        LimiterResult l = run("""
                duration: 10s
                limiters: [{algorithm: token-bucket, rate: 1000/s, burst: 1000}]
                traffic: [{name: c, arrival: {process: constant, rate: 200/s}}]
                upstream: {concurrency: 1, serviceTime: {distribution: constant, median: 10ms}, queueLimit: 5}
                """).limiters().get(0);
        assertEquals(2000, l.sent());
        assertEquals(l.upstream().refused(), l.errors());
        assertEquals(1000, l.upstream().served(), 10);
        assertEquals(l.sent(), l.admitted() + l.errors());
        assertEquals(SimulatorTest.RTT_MS, l.latencyByOutcomeMs().error().max(), 0.001,
                "a refusal is answered at once, after the round trip");
        assertTrue(l.latencyMs().max() <= 60.3, "waits at most 5 services, then its own: " + l.latencyMs());
    }

    @Test
    void withoutAQueueLimitNothingIsRefused() {
        LimiterResult l = run("""
                duration: 5s
                limiters: [{algorithm: token-bucket, rate: 1000/s, burst: 1000}]
                traffic: [{name: c, arrival: {process: constant, rate: 200/s}}]
                upstream: {concurrency: 1, serviceTime: {distribution: constant, median: 10ms}}
                """).limiters().get(0);
        assertEquals(0, l.errors());
        assertEquals(l.sent(), l.admitted());
        assertTrue(l.latencyMs().max() > 1000, "an unbounded queue grows: " + l.latencyMs());
    }
}
