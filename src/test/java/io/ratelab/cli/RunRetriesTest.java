package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} against {@code simulate} on a small retrying scenario: the live admitted and rejected counts are within
 * the issue-20 target of the simulation (±1% or ±5 requests), and so are the retries. The scenario is chosen to be
 * robust on a loaded machine: at 6 requests a second against a bucket of 4/s, simulated with every send up to 30 ms
 * later (network.rtt from 0 to 30 ms) it rejects 32 to 34 — a late send moves a decision across a token's arrival only
 * rarely.
 */
class RunRetriesTest {

    private static final String SCENARIO = """
            name: small-retry
            duration: 6s
            seed: 3
            key: global
            limiters:
              - {name: bucket, algorithm: token-bucket, rate: 4/s, burst: 2}
            traffic:
              - {name: eager, clients: 2, arrival: {process: poisson, rate: 3/s},
                 retry: {policy: immediate, delay: 40ms, maxAttempts: 3}}
            upstream:
              concurrency: 4
              serviceTime: { distribution: constant, median: 5ms }
            """;

    @Test
    void liveRetriesLandOnTheSimulation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("retry.yaml");
        Files.writeString(file, SCENARIO);
        Path report = dir.resolve("report");
        LoadCommandTest.Run live = LoadCommandTest.run("run", file.toString(), "--report", report.toString(),
                "--warmup", "1s");
        assertEquals(0, live.exit(), live.err());
        LoadCommandTest.Run sim = LoadCommandTest.run("simulate", "--json", file.toString());
        assertEquals(0, sim.exit(), sim.err());
        JsonNode l = new ObjectMapper().readTree(report.resolve("summary.json").toFile()).get("limiters").get(0);
        JsonNode s = new ObjectMapper().readTree(sim.out()).get("limiters").get(0);
        assertEquals(s.get("offered").asLong(), l.get("offered").asLong(), "the same first attempts");
        assertTrue(s.get("retries").asLong() > 10 && s.get("retriesAdmitted").asLong() > 0,
                "a scenario that retries, and some retries get through: " + s);
        for (String figure : new String[]{"admitted", "rejected", "retries"}) {
            long simulated = s.get(figure).asLong();
            long measured = l.get(figure).asLong();
            assertTrue(Math.abs(measured - simulated) <= Math.max(5, 0.01 * simulated), figure + ": simulated "
                    + simulated + ", live " + measured + "\n" + live.err());
        }
        double simRejectedMs = s.get("latencyByOutcomeMs").get("rejected").get("p50").asDouble();
        assertEquals(0.2, simRejectedMs, 1e-9, "the simulated 429 takes the default round trip");
    }
}
