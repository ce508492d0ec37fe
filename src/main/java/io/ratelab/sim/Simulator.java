package io.ratelab.sim;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TraceReports;
import io.ratelab.traffic.TrafficPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual-time simulator: every limiter of a scenario sees the same first attempts (one fresh replay of the
 * {@link TrafficPlan} each, so retries follow each limiter's own decisions), in front of the scenario's upstream
 * model. Deterministic: the same scenario gives the same {@link SimulationResult}, to the byte in JSON.
 * <pre>{@code
 * Scenario s = Scenario.read(Path.of("simulations/greedy-client.yaml"));
 * SimulationResult r = Simulator.run(s, Path.of("simulations"), null);
 * r.limiters().forEach(l -> System.out.println(l.name() + ": " + l.rejected() + " rejected"));
 * }</pre>
 * With {@link Scenario#replicaCount() replicas} N > 1 each limiter gives two results, side by side:
 * {@link #localName "NAME (N local)"} (N independent copies, sends spread round-robin) and
 * {@link #sharedName "NAME (shared)"} (one limit for all). Runs on the calling thread, limiters one after the other;
 * see {@link LimiterRun} for the event loop.
 */
public final class Simulator {

    /** Told how far each limiter's run has got, for a progress line; called on the simulating thread. */
    @FunctionalInterface
    public interface Progress {
        /** Limiter {@code index} has simulated {@code fraction} (0..1) of the duration. */
        void update(int index, double fraction);
    }

    private Simulator() {
    }

    /** The result name of limiter {@code name} as {@code n} independent local copies: {@code "name (n local)"}. */
    public static String localName(String name, int n) {
        return name + " (" + n + " local)";
    }

    /** The result name of limiter {@code name} as one limit shared by the replicas: {@code "name (shared)"}. */
    public static String sharedName(String name) {
        return name + " (shared)";
    }

    /** Simulates {@code scenario}, schedule files resolved against {@code baseDir}; {@code progress} may be null. */
    public static SimulationResult run(Scenario scenario, Path baseDir, Progress progress) {
        TrafficPlan plan = scenario.trafficPlan(baseDir);
        List<LimiterResult> results = new ArrayList<>();
        int n = scenario.replicaCount();
        // with replicas each limiter runs twice (local, then shared): runs 2i and 2i+1 are limiter i's halves
        Progress scaled = progress == null ? null : (run, f) -> progress.update(run / 2, (run % 2 + f) / 2);
        for (int i = 0; i < scenario.limiters().size(); i++) {
            ScenarioLimiter l = scenario.limiters().get(i);
            if (n == 1) {
                results.add(new LimiterRun(plan, l.spec(), l.keyOr(scenario.key()), scenario.upstream(), progress, i,
                        l.name(), 1, scenario.rttNanos()).run());
            } else {
                results.add(new LimiterRun(plan, l.spec(), l.keyOr(scenario.key()), scenario.upstream(), scaled,
                        2 * i, localName(l.name(), n), n, scenario.rttNanos()).run());
                results.add(new LimiterRun(plan, l.spec(), l.keyOr(scenario.key()), scenario.upstream(), scaled,
                        2 * i + 1, sharedName(l.name()), 1, scenario.rttNanos()).run());
            }
        }
        return new SimulationResult(scenario.name(), (scenario.durationNanos() + 999_999_999L) / 1_000_000_000L,
                scenario.seed(), results, TraceReports.of(scenario, plan));
    }
}
