package io.ratelab.ui.compare;

import io.ratelab.sim.LimiterResult;

import java.util.Locale;

/**
 * One line of the comparison table: a limiter, or one traffic group under it (shown when the limiter's row is
 * expanded). Immutable. A group row has the counts of its group and NaN (a dash) where a figure is the limiter's only.
 *
 * @param name                      the limiter, or the group
 * @param algorithm                 the limiter's algorithm id; for a group row, its client count ("20 clients")
 * @param key                       the key rule the limiter counts by (empty for a group row)
 * @param offered                   first attempts (retries not included)
 * @param admitted                  admitted and answered 2xx (delayed or not)
 * @param rejected                  rejected (429)
 * @param admittedPercent           admitted / offered, percent (retries can push it past 100)
 * @param retries                   resends after a 429
 * @param peakPerWindow             most admitted (all keys) in any window of the limit's length, "1,234 / 1 s"; empty
 *                                  for a limiter without a window and for a group row
 * @param p50Millis                 median latency of admitted requests, NaN without any
 * @param p99Millis                 99th percentile, NaN without any
 * @param maxMillis                 the slowest admitted request, NaN without any
 * @param fairness                  Jain's index over clients, 1/n .. 1
 * @param wellBehavedRejectedPercent the share of well-behaved clients' sends that were rejected, NaN when none
 * @param upstreamPercent           the share of the upstream's capacity busy during the run, percent
 * @param limiter                   the scenario's limiter the row simulates ({@code name} is "NAME (N local)" or
 *                                  "NAME (shared)" for a scenario with replicas)
 * @param liveAdmittedPercent       admitted / offered measured when the limiter last ran live in this window, NaN
 *                                  when it has not (and for a group row)
 * @param liveP99Millis             the admitted p99 latency of that live run, NaN when it has not run live
 * @param group                     the traffic group of a group row, null for a limiter row
 */
public record CompareRow(String name, String algorithm, String key, long offered, long admitted, long rejected,
                         double admittedPercent, long retries, String peakPerWindow, double p50Millis,
                         double p99Millis, double maxMillis, double fairness, double wellBehavedRejectedPercent,
                         double upstreamPercent, String limiter, double liveAdmittedPercent, double liveP99Millis,
                         String group) {

    /** The row of a simulated limiter, with what it measured live ({@code live} null: not run live). */
    static CompareRow of(LimiterResult l, LiveMeasurement live) {
        boolean latency = l.latencyMs().count() > 0;
        return new CompareRow(l.name(), l.algorithm(), l.key(), l.offered(), l.admitted(), l.rejected(),
                percent(l.admitted(), l.offered()), l.retries(), peak(l),
                latency ? l.latencyMs().p50() : Double.NaN, latency ? l.latencyMs().p99() : Double.NaN,
                latency ? l.latencyMs().max() : Double.NaN, l.fairness(),
                l.wellBehavedRejectedShare() == null ? Double.NaN : 100 * l.wellBehavedRejectedShare(),
                l.upstream() == null ? Double.NaN : 100 * l.upstream().utilisation(), l.limiter(),
                live == null ? Double.NaN : live.admittedPercent(), live == null ? Double.NaN : live.admittedP99Millis(),
                null);
    }

    /** The row of traffic group {@code g} under limiter {@code l}. */
    static CompareRow of(LimiterResult l, LimiterResult.GroupResult g) {
        return new CompareRow(g.name(), g.clients() + (g.clients() == 1 ? " client" : " clients"), "", g.offered(),
                g.admitted(), g.rejected(), percent(g.admitted(), g.offered()), g.retries(), "", Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, l.limiter(), Double.NaN, Double.NaN,
                g.name());
    }

    /** True for a traffic group's row under a limiter. */
    public boolean isGroup() {
        return group != null;
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    private static String peak(LimiterResult l) {
        return l.windowSeconds() == 0 ? "" : String.format(Locale.ROOT, "%,d / %d s", l.peakAdmittedPerWindow(),
                l.windowSeconds());
    }
}
