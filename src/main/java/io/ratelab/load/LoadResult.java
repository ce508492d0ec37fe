package io.ratelab.load;

import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;

import java.util.List;

/**
 * The outcome of a live run. Immutable.
 *
 * @param mode                 {@code open} (scheduled arrivals) or {@code closed} (users)
 * @param target               the URL driven
 * @param durationNanos        the run window
 * @param scheduled            requests the arrival process scheduled inside the window (open loop; 0 for closed)
 * @param targetRate           scheduled / window in requests per second (open loop; 0 for closed)
 * @param sentInWindow         attempts that left inside the window
 * @param achievedRate         sentInWindow / window, requests per second
 * @param maxLagNanos          the largest delay of an actual send behind its intended time
 * @param lateThresholdNanos   sends later than this behind schedule count as late ({@code Long.MAX_VALUE}: closed)
 * @param unfinished           attempts still without an answer when the drain timeout ran out
 * @param warmupNanos          the warm-up that ran just before the window on the same connections (0: none)
 * @param warmupSent           attempts sent during the warm-up (and its retries); counted nowhere else
 * @param metrics              the final metrics snapshot (all attempts, including those after the window)
 * @param warnings             loud messages for the user, e.g. the target rate was not reached
 * @param connections          what the generator's connections did (opened, idle ones closed for the bound, peak)
 */
public record LoadResult(String mode, String target, long durationNanos, long scheduled, double targetRate,
                         long sentInWindow, double achievedRate, long maxLagNanos, long lateThresholdNanos,
                         long unfinished, long warmupNanos, long warmupSent,
                         MetricsSnapshot metrics, List<String> warnings, ConnectionStats connections) {

    public LoadResult {
        if (!"open".equals(mode) && !"closed".equals(mode)) {
            throw new IllegalArgumentException("mode must be open or closed, got " + mode);
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("durationNanos must be positive, got " + durationNanos);
        }
        if (warmupNanos < 0 || warmupSent < 0) {
            throw new IllegalArgumentException("warmupNanos and warmupSent must not be negative, got " + warmupNanos
                    + ", " + warmupSent);
        }
        if (metrics == null) {
            throw new IllegalArgumentException("metrics is required");
        }
        warnings = List.copyOf(warnings);
        if (connections == null) {
            throw new IllegalArgumentException("connections is required");
        }
    }

    /** Every attempt that left, inside the window or after it. */
    public long sent() {
        return metrics.total(CountedColumn.SENT);
    }

    /** Attempts that left more than the late threshold after their intended time. */
    public long late() {
        return metrics.total(CountedColumn.LATE);
    }

    /** True if the run fell short of its target rate (open loop). */
    public boolean shortfall() {
        return warnings.stream().anyMatch(w -> w.startsWith(Shortfall.PREFIX));
    }
}
