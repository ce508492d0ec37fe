package io.ratelab.load;

import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;

import java.util.Locale;
import java.util.Optional;

/**
 * The loud warning when an open-loop run did not reach its target (k6 #2837, #3664): with the numbers, and with the
 * likely cause — a slow or saturated target (attempts waited for a connection), or a generator that fell behind.
 */
final class Shortfall {

    static final String PREFIX = "WARNING: TARGET RATE NOT REACHED";

    private Shortfall() {
    }

    /**
     * The warning, if {@code achieved < ratio * target}. {@code connections}: the keep-alive budget; when the
     * generator held as many connections as its bound allows ({@code stats}), the bound is named instead.
     */
    static Optional<String> check(double target, double achieved, double ratio, MetricsSnapshot m, long maxLagNanos,
                                  int connections, ConnectionStats stats, long lateThresholdNanos) {
        if (target <= 0 || achieved >= ratio * target) {
            return Optional.empty();
        }
        long late = m.total(CountedColumn.LATE);
        long sent = Math.max(1, m.total(CountedColumn.SENT));
        String cause = m.total(CountedColumn.DROPPED) > 0
                ? m.total(CountedColumn.DROPPED) + " requests were dropped because too many waited for a connection"
                : late * 10 > sent
                ? "the target answered too slowly for " + (stats.bound() > 0 && stats.peakOpen() >= stats.bound()
                ? "the " + stats.bound() + " connections the generator may hold open at once (its bound;"
                + " " + stats.opened() + " opened)" : connections + " connections")
                + " (or the generator fell behind)"
                : "the generator could not keep the schedule";
        return Optional.of(String.format(Locale.ROOT,
                "%s: achieved %.1f req/s of %.1f req/s target (%.1f%%, below %.0f%%); %d of %d requests left more "
                        + "than %.1f ms late, the worst %.1f ms behind schedule; %s. Corrected latency includes the wait.",
                PREFIX, achieved, target, 100 * achieved / target, 100 * ratio, late, m.total(CountedColumn.SENT),
                lateThresholdNanos / 1e6, maxLagNanos / 1e6, cause));
    }
}
