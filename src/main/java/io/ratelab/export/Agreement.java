package io.ratelab.export;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.sim.LimiterResult;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;

import java.util.List;
import java.util.Locale;

/**
 * How far an engine-native equivalent is from the limiter asked for, measured by simulating both on the same
 * scenario traffic with the simulator (identical first attempts; retries follow each limiter's own decisions).
 *
 * @param scenario           the scenario's name
 * @param durationSeconds    simulated seconds
 * @param seed               the scenario's seed
 * @param firstAttempts      first attempts each limiter saw
 * @param requestedAdmitted  admitted by the requested limiter
 * @param engineAdmitted     admitted by the engine model
 * @param requestedOffered   sends that reached the requested limiter (first attempts + retries)
 * @param engineOffered      sends that reached the engine model
 * @param maxPerSecondDelta  the largest difference in admitted requests within one second
 */
public record Agreement(String scenario, long durationSeconds, long seed, long firstAttempts, long requestedAdmitted,
                        long engineAdmitted, long requestedOffered, long engineOffered, long maxPerSecondDelta) {

    /**
     * Simulates {@code requested} and {@code engine}, both keyed by {@code key}, on {@code traffic}.
     * Runs on the calling thread for as long as the simulation takes.
     */
    public static Agreement simulate(ExportRequest.Traffic traffic, LimiterSpec requested, LimiterSpec engine,
                                     KeyRule key) {
        Scenario s = traffic.scenario();
        Scenario pair = new Scenario(s.name(), s.duration(), s.seed(), key,
                List.of(new ScenarioLimiter(requested.withName("requested"), key),
                        new ScenarioLimiter(engine.withName("engine"), key)),
                s.traffic(), s.upstream(), null, null, null, null, s.network());
        SimulationResult r = Simulator.run(pair, traffic.baseDir(), null);
        LimiterResult a = r.limiters().get(0);
        LimiterResult b = r.limiters().get(1);
        return new Agreement(s.name(), r.durationSeconds(), r.seed(), a.offered(), a.admitted(), b.admitted(),
                a.sent(), b.sent(), maxDelta(a.perSecond().admitted(), b.perSecond().admitted()));
    }

    /** {@code (engine - requested) / requested} in percent; 0 when both admit nothing. */
    public double differencePercent() {
        if (requestedAdmitted == 0) {
            return engineAdmitted == 0 ? 0 : 100;
        }
        return (engineAdmitted - requestedAdmitted) * 100.0 / requestedAdmitted;
    }

    /** One sentence for the top-of-file comment: plain digits, so the exported file reads the same everywhere. */
    public String describe(String engineName) {
        return describe(engineName, "%d");
    }

    /** The sentence of {@link #describe} with counts grouped by thousands ({@code 30,654 of 64,797}), for the eye. */
    public String describeGrouped(String engineName) {
        return describe(engineName, "%,d");
    }

    private String describe(String engineName, String count) {
        return String.format(Locale.ROOT, "Simulated on scenario '%s' (%ds, seed %d, " + count + " first attempts): the"
                        + " requested limiter admits " + count + " of " + count + " sends, the %s equivalent " + count
                        + " of " + count + " (%+.2f%%); per second they differ by at most " + count + " admitted.",
                scenario, durationSeconds, seed, firstAttempts, requestedAdmitted, requestedOffered, engineName,
                engineAdmitted, engineOffered, differencePercent(), maxPerSecondDelta);
    }

    private static long maxDelta(long[] x, long[] y) {
        long max = 0;
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long a = i < x.length ? x[i] : 0;
            long b = i < y.length ? y[i] : 0;
            max = Math.max(max, Math.abs(a - b));
        }
        return max;
    }
}
