package io.ratelab.metrics;

import org.HdrHistogram.Histogram;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of a run's metrics at one sample: the fine and coarse time series, the totals, and the
 * cumulative latency histograms. Safe to hand to any thread (the UI pulls the newest one per frame).
 *
 * <p>The histograms are private copies; {@link #correctedHistogram()} and {@link #rawHistogram()} return fresh
 * copies so that no caller can change the snapshot.
 *
 * @param groups          traffic group names, in index order
 * @param elapsedNanos    end of the last sampled interval, since run start
 * @param finished        true for the final snapshot of a run
 * @param fine            fine intervals (100 ms in the live generator), oldest first
 * @param coarse          coarse intervals (1 s), oldest first
 * @param totals          cumulative counts, {@code totals[group * CountedColumn.count() + column.ordinal()]}
 * @param corrected       cumulative latency from intended start, all groups (nanoseconds; updated once per coarse
 *                        interval and at the end, shared between the snapshots in between and never changed)
 * @param raw             cumulative latency from actual send, all groups (nanoseconds; as {@code corrected})
 * @param groupCorrected  cumulative corrected latency per group (as {@code corrected})
 * @param groupRaw        cumulative raw latency per group (as {@code corrected})
 * @param clients         per-client counts and fairness (updated once per coarse interval and at the end)
 * @param byOutcome       cumulative corrected latency by answer: admitted (2xx), rejected (429), error (updated
 *                        once per coarse interval and at the end)
 * @param groupByOutcome  the same per group
 * @param admitted        the cumulative corrected latency of admitted (2xx) requests, all groups (as of
 *                        {@code byOutcome}); shared between snapshots and never changed
 * @param errorCauses     the errors so far by cause ({@code HTTP 400}, {@code connection refused}, ...), most
 *                        frequent first; empty when nothing failed
 */
public record MetricsSnapshot(List<String> groups, long elapsedNanos, boolean finished, List<IntervalStats> fine,
                              List<IntervalStats> coarse, long[] totals, Histogram corrected, Histogram raw,
                              List<LatencySummary> groupCorrected, List<LatencySummary> groupRaw,
                              ClientStats clients, LatencyByOutcome byOutcome,
                              List<LatencyByOutcome> groupByOutcome, Histogram admitted,
                              Map<String, Long> errorCauses) {

    public MetricsSnapshot {
        groups = List.copyOf(groups);
        if (totals == null || totals.length != groups.size() * CountedColumn.count()) {
            throw new IllegalArgumentException("totals must hold groups x outcomes values");
        }
        totals = totals.clone();
        if (fine == null || coarse == null || corrected == null || raw == null) {
            throw new IllegalArgumentException("series and histograms are required");
        }
        groupCorrected = List.copyOf(groupCorrected);
        groupRaw = List.copyOf(groupRaw);
        if (groupCorrected.size() != groups.size() || groupRaw.size() != groups.size()) {
            throw new IllegalArgumentException("one latency summary per group is required");
        }
        if (byOutcome == null || groupByOutcome == null || groupByOutcome.size() != groups.size()) {
            throw new IllegalArgumentException("latency by outcome, overall and per group, is required");
        }
        groupByOutcome = List.copyOf(groupByOutcome);
        if (admitted == null) {
            throw new IllegalArgumentException("the admitted latency histogram is required");
        }
        if (clients == null || clients.groups().size() != groups.size()) {
            throw new IllegalArgumentException("per-client stats with one fairness per group are required");
        }
        errorCauses = errorCauses == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(errorCauses));
    }

    /** The cumulative count of {@code column} over all groups. */
    public long total(CountedColumn column) {
        long sum = 0;
        for (int g = 0; g < groups.size(); g++) {
            sum += totals[g * CountedColumn.count() + column.ordinal()];
        }
        return sum;
    }

    /** The cumulative count of {@code column} in one group. */
    public long total(int group, CountedColumn column) {
        return totals[group * CountedColumn.count() + column.ordinal()];
    }

    /** Responses plus connection errors so far. */
    public long completed() {
        long sum = 0;
        for (CountedColumn o : CountedColumn.values()) {
            if (o.isCompletion()) {
                sum += total(o);
            }
        }
        return sum;
    }

    /** Percentiles of the cumulative corrected latency. */
    public LatencySummary correctedSummary() {
        return LatencySummary.of(corrected);
    }

    /** Percentiles of the cumulative raw latency. */
    public LatencySummary rawSummary() {
        return LatencySummary.of(raw);
    }

    /** A copy of the cumulative corrected histogram (nanoseconds). */
    public Histogram correctedHistogram() {
        return corrected.copy();
    }

    /** A copy of the cumulative corrected histogram of admitted (2xx) requests (nanoseconds). */
    @Override
    public Histogram admitted() {
        return admitted.copy();
    }

    /** A copy of the cumulative raw histogram (nanoseconds). */
    public Histogram rawHistogram() {
        return raw.copy();
    }

    @Override
    public Histogram corrected() {
        return corrected.copy();
    }

    @Override
    public Histogram raw() {
        return raw.copy();
    }

    @Override
    public long[] totals() {
        return totals.clone();
    }
}
