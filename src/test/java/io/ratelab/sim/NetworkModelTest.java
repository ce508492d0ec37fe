package io.ratelab.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clients' round trip to the proxy ({@code network.rtt}): a retry policy counts from the moment the 429 is back
 * at the client, a rejection's latency is the round trip, an admitted one's includes it.
 */
class NetworkModelTest {

    /**
     * One token every 100 ms (burst 1); two clients send at the same instants, every 200 ms; the second is refused
     * and retries at once. Its retry is never admitted when it leaves at the instant of the 429 (the bucket is as
     * empty as it was), and admitted when it leaves 150 ms later (by then a token has accrued).
     */
    private static final String IMMEDIATE = """
            duration: 2s
            limiters: [{algorithm: token-bucket, rate: 10/s, burst: 1}]
            traffic:
              - {name: first, arrival: {process: constant, rate: 5/s}}
              - {name: second, arrival: {process: constant, rate: 5/s}, retry: {policy: immediate, maxAttempts: 2}}
            """;

    @Test
    void anImmediateRetryLeavesWhenThe429IsBack() {
        LimiterResult instant = SimulatorTest.run(IMMEDIATE + "network: {rtt: 0ms}\n").limiters().get(0);
        assertEquals(10, instant.retries(), "each of the second client's 10 sends is refused once and retried");
        assertEquals(0, instant.retriesAdmitted(), "a retry at the instant of its 429 finds the same empty bucket");
        assertEquals(0.0, instant.latencyByOutcomeMs().rejected().max(), "no network: a 429 takes no time");

        LimiterResult late = SimulatorTest.run(IMMEDIATE + "network: {rtt: 150ms}\n").limiters().get(0);
        assertTrue(late.retriesAdmitted() > 0, "150 ms later a token has accrued: " + late.retriesAdmitted());
        assertEquals(150.0, late.latencyByOutcomeMs().rejected().p50(), 0.2, "a 429 takes the round trip");
        assertEquals(150.0, late.latencyByOutcomeMs().admitted().max(), 0.2,
                "an admitted answer from an instant upstream takes the round trip too");
    }

    @Test
    void theDefaultIsTheLoopbackRoundTrip() {
        LimiterResult d = SimulatorTest.run(IMMEDIATE).limiters().get(0);
        assertEquals(SimulatorTest.RTT_MS, d.latencyByOutcomeMs().rejected().p50(), 0.001);
    }
}
