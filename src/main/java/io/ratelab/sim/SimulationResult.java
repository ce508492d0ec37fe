package io.ratelab.sim;

import java.util.List;

/**
 * What a simulation found: one {@link LimiterResult} per limiter, all on identical first attempts. Serialises to the
 * JSON that {@code ratelab simulate --json} prints (field names are a contract; see issue 3 and the README).
 *
 * @param scenario        the scenario's name
 * @param durationSeconds the simulated duration, seconds (rounded up)
 * @param seed            the seed every random choice came from
 * @param limiters        per limiter, in the scenario's order
 */
public record SimulationResult(String scenario, long durationSeconds, long seed, List<LimiterResult> limiters) {

    public SimulationResult {
        limiters = List.copyOf(limiters);
    }
}
