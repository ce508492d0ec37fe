package io.ratelab.sim;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
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
 * Runs on the calling thread, limiters one after the other; see {@link LimiterRun} for the event loop.
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

    /** Simulates {@code scenario}, schedule files resolved against {@code baseDir}; {@code progress} may be null. */
    public static SimulationResult run(Scenario scenario, Path baseDir, Progress progress) {
        TrafficPlan plan = scenario.trafficPlan(baseDir);
        List<LimiterResult> results = new ArrayList<>();
        for (int i = 0; i < scenario.limiters().size(); i++) {
            ScenarioLimiter l = scenario.limiters().get(i);
            results.add(new LimiterRun(plan, l.spec(), l.keyOr(scenario.key()), scenario.upstream(), progress, i)
                    .run());
        }
        return new SimulationResult(scenario.name(), (scenario.durationNanos() + 999_999_999L) / 1_000_000_000L,
                scenario.seed(), results);
    }
}
