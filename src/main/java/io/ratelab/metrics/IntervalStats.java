package io.ratelab.metrics;

import java.util.List;

/**
 * What happened in one interval of a run: counts per traffic group and counted column, and the latency percentiles
 * of the requests that completed in it. Immutable.
 *
 * <p>Times are nanoseconds since the start of the run; a count belongs to the interval in which it was recorded.
 * Latency is "corrected" (from each request's intended send time) and "raw" (from its actual send).
 *
 * @param startNanos interval start, since run start
 * @param endNanos   interval end (exclusive), after {@code startNanos}
 * @param groups     traffic group names, in index order
 * @param counts     counts, {@code counts[group * CountedColumn.count() + column.ordinal()]}
 * @param corrected  latency from intended start, all groups
 * @param raw        latency from actual send, all groups
 * @param trailingCorrected latency from intended start over this interval and as many intervals before it as it takes
 *                   to hold {@link #TRAILING_MIN_ANSWERS} answers (at most {@link #TRAILING_MAX_INTERVALS} in all): a
 *                   p99 that rests on at least 100 answers, where one quiet second alone leaves it to chance (it is
 *                   then that second's slowest answer or two). The interval's own latency when it has enough.
 * @param trailingRaw the same from actual send
 * @param admitted   latency from intended start of the admitted (2xx) answers, all groups: the headline; kept for
 *                   coarse intervals (empty in fine ones)
 */
public record IntervalStats(long startNanos, long endNanos, List<String> groups, long[] counts,
                            LatencySummary corrected, LatencySummary raw, LatencySummary trailingCorrected,
                            LatencySummary trailingRaw, LatencySummary admitted) {

    /** The answers a trailing latency summary holds before it stops reaching back. */
    public static final int TRAILING_MIN_ANSWERS = 100;
    /** The most intervals a trailing latency summary reaches over, its own included. */
    public static final int TRAILING_MAX_INTERVALS = 10;

    /** An interval whose trailing latency is its own. */
    public IntervalStats(long startNanos, long endNanos, List<String> groups, long[] counts, LatencySummary corrected,
                         LatencySummary raw) {
        this(startNanos, endNanos, groups, counts, corrected, raw, corrected, raw, LatencySummary.EMPTY);
    }

    /** An interval without its admitted latency. */
    public IntervalStats(long startNanos, long endNanos, List<String> groups, long[] counts, LatencySummary corrected,
                         LatencySummary raw, LatencySummary trailingCorrected, LatencySummary trailingRaw) {
        this(startNanos, endNanos, groups, counts, corrected, raw, trailingCorrected, trailingRaw,
                LatencySummary.EMPTY);
    }


    public IntervalStats {
        if (startNanos < 0 || endNanos < startNanos) {
            throw new IllegalArgumentException("interval must satisfy 0 <= startNanos <= endNanos, got "
                    + startNanos + ".." + endNanos);
        }
        groups = List.copyOf(groups);
        if (counts == null || counts.length != groups.size() * CountedColumn.count()) {
            throw new IllegalArgumentException("counts must hold groups x outcomes = "
                    + groups.size() * CountedColumn.count() + " values");
        }
        counts = counts.clone();
        if (corrected == null || raw == null || trailingCorrected == null || trailingRaw == null || admitted == null) {
            throw new IllegalArgumentException("corrected and raw latency summaries are required");
        }
    }

    /** The count of {@code column} over all groups. */
    public long count(CountedColumn column) {
        long sum = 0;
        for (int g = 0; g < groups.size(); g++) {
            sum += counts[g * CountedColumn.count() + column.ordinal()];
        }
        return sum;
    }

    /** The count of {@code column} in group {@code group} (index into {@link #groups()}). */
    public long count(int group, CountedColumn column) {
        return counts[group * CountedColumn.count() + column.ordinal()];
    }

    /** The count of {@code column} per second of this interval (0 for an empty interval). */
    public double perSecond(CountedColumn column) {
        long len = endNanos - startNanos;
        return len == 0 ? 0 : count(column) * 1e9 / len;
    }

    /** Responses and connection errors recorded in this interval. */
    public long completed() {
        long sum = 0;
        for (CountedColumn o : CountedColumn.values()) {
            if (o.isCompletion()) {
                sum += count(o);
            }
        }
        return sum;
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }
}
