package io.ratelab.metrics;

import org.HdrHistogram.Histogram;

/**
 * Told about each closed coarse interval (1 s by default) with its interval histograms, e.g. to write an
 * HdrHistogram log. Called on the metrics reader thread; the histograms are reused after the call returns, so a
 * listener that keeps them must copy them.
 */
@FunctionalInterface
public interface IntervalListener {

    /**
     * @param stats     the interval's counts and summaries
     * @param corrected latency from intended start, all groups, nanoseconds
     * @param raw       latency from actual send, all groups, nanoseconds
     */
    void intervalClosed(IntervalStats stats, Histogram corrected, Histogram raw);
}
