package io.ratelab.ui.compare;

import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.report.Verdict;

/**
 * What a live run measured for one limiter, to set beside the simulator's prediction in the Compare table: admitted
 * (2xx) / offered (first attempts) in percent, and the admitted requests' p99 latency. Immutable.
 *
 * @param admittedPercent   admitted / offered, percent; NaN before anything was offered
 * @param admittedP99Millis 99th percentile latency of admitted requests, ms; NaN without any
 * @param seconds           how long the run measured
 */
public record LiveMeasurement(double admittedPercent, double admittedP99Millis, double seconds) {

    /** The measurement in a live run's (final) snapshot. */
    public static LiveMeasurement of(MetricsSnapshot s) {
        long offered = Verdict.OFFERED.total(s, -1);
        LatencySummary admitted = s.byOutcome().admitted();
        return new LiveMeasurement(offered == 0 ? Double.NaN : 100.0 * Verdict.ACCEPTED.total(s, -1) / offered,
                admitted.count() == 0 ? Double.NaN : LatencySummary.millis(admitted.p99Nanos()),
                s.elapsedNanos() / 1e9);
    }
}
