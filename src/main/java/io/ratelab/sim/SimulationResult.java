package io.ratelab.sim;

import io.ratelab.traffic.trace.TraceReadReport;

import java.util.List;

/**
 * What a simulation found: one {@link LimiterResult} per limiter, all on identical first attempts. Serialises to the
 * JSON that {@code ratelab simulate --json} prints (field names are a contract; see issue 3 and the README).
 *
 * @param scenario        the scenario's name
 * @param durationSeconds the simulated duration, seconds (rounded up)
 * @param seed            the seed every random choice came from
 * @param limiters        per limiter, in the scenario's order
 * @param traces          what reading each trace group's file did (requests read, lines skipped, repaired,
 *                        reordered, late), in group order; empty without trace groups
 */
public record SimulationResult(String scenario, long durationSeconds, long seed, List<LimiterResult> limiters,
                               List<TraceReadReport> traces) {

    public SimulationResult {
        limiters = List.copyOf(limiters);
        traces = traces == null ? List.of() : List.copyOf(traces);
    }

    /** A result of traffic without traces. */
    public SimulationResult(String scenario, long durationSeconds, long seed, List<LimiterResult> limiters) {
        this(scenario, durationSeconds, seed, limiters, List.of());
    }
}
