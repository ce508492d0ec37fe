package io.ratelab.metrics;

import org.HdrHistogram.AbstractHistogram;

/**
 * Percentiles of a latency distribution, in nanoseconds: an immutable value for charts, summaries and reports.
 * Values come from an HdrHistogram with 3 significant digits, so each is within 0.1% of the recorded value.
 *
 * @param count     number of recorded latencies
 * @param p50Nanos  median
 * @param p90Nanos  90th percentile
 * @param p99Nanos  99th percentile
 * @param p999Nanos 99.9th percentile
 * @param maxNanos  largest recorded value
 * @param meanNanos arithmetic mean
 */
public record LatencySummary(long count, long p50Nanos, long p90Nanos, long p99Nanos, long p999Nanos, long maxNanos,
                             double meanNanos) {

    /** Nothing recorded. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public LatencySummary {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        if (p50Nanos < 0 || p90Nanos < 0 || p99Nanos < 0 || p999Nanos < 0 || maxNanos < 0) {
            throw new IllegalArgumentException("percentiles must not be negative");
        }
        if (p50Nanos > p90Nanos || p90Nanos > p99Nanos || p99Nanos > p999Nanos || p999Nanos > maxNanos) {
            throw new IllegalArgumentException("percentiles must not decrease: p50 " + p50Nanos + ", p90 " + p90Nanos
                    + ", p99 " + p99Nanos + ", p99.9 " + p999Nanos + ", max " + maxNanos);
        }
    }

    /**
     * The summary of {@code histogram} (values in nanoseconds). The maximum is the highest equivalent value of the
     * largest bucket clipped to the percentiles, so that p99.9 never exceeds max (locust #331).
     */
    public static LatencySummary of(AbstractHistogram histogram) {
        long n = histogram.getTotalCount();
        if (n == 0) {
            return EMPTY;
        }
        long p50 = histogram.getValueAtPercentile(50);
        long p90 = Math.max(p50, histogram.getValueAtPercentile(90));
        long p99 = Math.max(p90, histogram.getValueAtPercentile(99));
        long p999 = Math.max(p99, histogram.getValueAtPercentile(99.9));
        long max = Math.max(p999, histogram.getMaxValue());
        return new LatencySummary(n, p50, p90, p99, p999, max, histogram.getMean());
    }

    /** Nanoseconds to milliseconds, for display and JSON. */
    public static double millis(long nanos) {
        return nanos / 1e6;
    }
}
