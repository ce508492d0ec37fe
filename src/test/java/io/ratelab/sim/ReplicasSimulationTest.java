package io.ratelab.sim;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenarios with {@code replicas: N}: N local limiters against one shared limit on the same traffic. */
class ReplicasSimulationTest {

    private static Scenario scenario(String limiter, String key, int replicas) {
        return Scenario.parse(String.join("\n", "name: r", "duration: 10s", "seed: 3", "key: " + key,
                "replicas: " + replicas,
                "limiters: [" + limiter + "]",
                "traffic: [{name: flood, clients: 2, arrival: {process: constant, rate: 100/s}}]"),
                "test", FileFormats.yaml(), Path.of("."));
    }

    @Test
    void eachLimiterRunsAsNLocalCopiesAndAsOneSharedLimit() {
        SimulationResult r = Simulator.run(scenario("{name: tb, algorithm: token-bucket, rate: 10/s, burst: 5}",
                "global", 4), Path.of("."), null);
        assertEquals(List.of("tb (4 local)", "tb (shared)"), r.limiters().stream().map(LimiterResult::name).toList());
        LimiterResult local = r.limiters().get(0);
        LimiterResult shared = r.limiters().get(1);
        assertEquals(List.of("tb", "tb"), List.of(local.limiter(), shared.limiter()));
        assertEquals(List.of(4, 1), List.of(local.replicas(), shared.replicas()));
        assertEquals(2000, local.offered(), "200/s for 10 s, the same traffic for both");
        assertEquals(local.offered(), shared.offered());
        // one bucket: burst + rate x T, within one request; four buckets, each seeing a quarter: four times that
        assertEquals(5 + 10 * 10, shared.admitted(), 1.0);
        assertEquals(4 * (5 + 10 * 10), local.admitted(), 4.0);
        assertTrue(ComparisonTable.render(r).contains("tb as 4 local limiters admitted " + local.admitted() + ", 4.00×"
                + " the " + shared.admitted() + " of one shared limit"), ComparisonTable.render(r));
    }

    @Test
    void oneReplicaKeepsTheLimiterName() {
        SimulationResult r = Simulator.run(scenario("{name: tb, algorithm: token-bucket, rate: 10/s, burst: 5}",
                "ip", 1), Path.of("."), null);
        assertEquals(List.of("tb"), r.limiters().stream().map(LimiterResult::name).toList());
        assertEquals(1, r.limiters().get(0).replicas());
        assertTrue(!ComparisonTable.render(r).contains("replicas:"));
    }

    @Test
    void permitsAreReleasedOnTheReplicaThatTookThem() {
        // 3 in flight per replica, an upstream that holds each request 1 s: each replica admits 3 per second
        Scenario s = Scenario.parse(String.join("\n", "name: c", "duration: 10s", "seed: 3", "replicas: 2",
                "limiters: [{name: c, algorithm: concurrency, concurrency: 3}]",
                "traffic: [{name: flood, clients: 1, arrival: {process: constant, rate: 40/s}}]",
                "upstream: {concurrency: 100, serviceTime: {distribution: constant, median: 1s}}"),
                "test", FileFormats.yaml(), Path.of("."));
        SimulationResult r = Simulator.run(s, Path.of("."), null);
        LimiterResult local = r.limiters().get(0);
        LimiterResult shared = r.limiters().get(1);
        assertEquals(2 * shared.admitted(), local.admitted(), 2.0, "two replicas, each with its own 3 permits");
        assertEquals(30, shared.admitted(), 3.0, "3 per second for 10 s");
    }

    @Test
    void deterministic() throws Exception {
        Scenario s = Scenario.read(Path.of("simulations/replicas-trap.yaml"));
        String a = FileFormats.json().writeValueAsString(Simulator.run(s, Path.of("simulations"), null));
        String b = FileFormats.json().writeValueAsString(Simulator.run(s, Path.of("simulations"), null));
        assertEquals(a, b);
        SimulationResult r = FileFormats.json().readValue(a, SimulationResult.class);
        for (int i = 0; i < r.limiters().size(); i += 2) {
            double ratio = (double) r.limiters().get(i).admitted() / r.limiters().get(i + 1).admitted();
            assertEquals(4.0, ratio, 0.1, r.limiters().get(i).name() + ": the 4 local limits let through ~4x");
        }
    }
}
