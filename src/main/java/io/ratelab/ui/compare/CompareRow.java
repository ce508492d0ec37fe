package io.ratelab.ui.compare;

import io.ratelab.sim.LimiterResult;

/**
 * One limiter's line in the comparison table. Immutable.
 *
 * @param name                      the limiter
 * @param algorithm                 its algorithm id
 * @param offered                   first attempts (retries not included)
 * @param admitted                  admitted and answered 2xx (delayed or not)
 * @param rejected                  rejected (429)
 * @param admittedPercent           admitted / offered, percent (retries can push it past 100)
 * @param retries                   resends after a 429
 * @param p50Millis                 median latency of admitted requests, NaN without any
 * @param p99Millis                 99th percentile, NaN without any
 * @param fairness                  Jain's index over clients, 1/n .. 1
 * @param wellBehavedRejectedPercent the share of well-behaved clients' sends that were rejected, NaN when none
 * @param limiter                   the scenario's limiter the row simulates ({@code name} is "NAME (N local)" or
 *                                  "NAME (shared)" for a scenario with replicas)
 * @param liveAdmittedPercent       admitted / offered measured when the limiter last ran live in this window, NaN
 *                                  when it has not
 * @param liveP99Millis             the admitted p99 latency of that live run, NaN when it has not run live
 */
public record CompareRow(String name, String algorithm, long offered, long admitted, long rejected,
                         double admittedPercent, long retries, double p50Millis, double p99Millis, double fairness,
                         double wellBehavedRejectedPercent, String limiter, double liveAdmittedPercent,
                         double liveP99Millis) {

    /** The row of a simulated limiter, with what it measured live ({@code live} null: not run live). */
    static CompareRow of(LimiterResult l, LiveMeasurement live) {
        boolean latency = l.latencyMs().count() > 0;
        return new CompareRow(l.name(), l.algorithm(), l.offered(), l.admitted(), l.rejected(),
                l.offered() == 0 ? Double.NaN : 100.0 * l.admitted() / l.offered(), l.retries(),
                latency ? l.latencyMs().p50() : Double.NaN, latency ? l.latencyMs().p99() : Double.NaN, l.fairness(),
                l.wellBehavedRejectedShare() == null ? Double.NaN : 100 * l.wellBehavedRejectedShare(), l.limiter(),
                live == null ? Double.NaN : live.admittedPercent(), live == null ? Double.NaN : live.admittedP99Millis());
    }
}
