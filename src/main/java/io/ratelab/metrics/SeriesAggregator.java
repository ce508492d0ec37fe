package io.ratelab.metrics;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * The reader side of {@link RunMetrics}: turns harvested fine intervals into the fine and coarse time series and the
 * cumulative histograms, and builds snapshots. Confined to the single reader thread; not thread-safe.
 */
final class SeriesAggregator {

    private final List<String> groups;
    private final int coarseEvery;
    private final int width;
    private final AppendOnlySeries<IntervalStats> fine = new AppendOnlySeries<>();
    private final AppendOnlySeries<IntervalStats> coarse = new AppendOnlySeries<>();
    private final Histogram[] recycledCorrected;
    private final Histogram[] recycledRaw;
    private final Histogram[] cumulativeCorrected;
    private final Histogram[] cumulativeRaw;
    private final Histogram totalCorrected = newHistogram();
    private final Histogram totalRaw = newHistogram();
    private final Histogram fineCorrected = newHistogram();
    private final Histogram fineRaw = newHistogram();
    private final Histogram coarseCorrected = newHistogram();
    private final Histogram coarseRaw = newHistogram();
    /** The last closed coarse intervals' histograms, newest at {@code ringNewest}, for trailing latency. */
    private final Histogram[] ringCorrected = new Histogram[IntervalStats.TRAILING_MAX_INTERVALS];
    private final Histogram[] ringRaw = new Histogram[IntervalStats.TRAILING_MAX_INTERVALS];
    private final Histogram trailing = newHistogram();
    private int ringNewest = -1;
    private int ringSize;
    private final long[] totals;
    private final long[] coarseCounts;
    private long lastAtNanos;
    private long coarseStartNanos;
    private int finesInCoarse;
    /**
     * The cumulative latency as last published: copies made when a coarse interval closed (or at the end), shared by
     * the snapshots in between. Copying two full-range histograms (about 240 kB each) and summarising every group's
     * at each 100 ms sample was a quarter of the workbench's allocation at load, and its young collections were
     * frame gaps (issue 21).
     */
    private Histogram publishedCorrected;
    private Histogram publishedRaw;
    private List<LatencySummary> publishedGroupCorrected;
    private List<LatencySummary> publishedGroupRaw;

    SeriesAggregator(List<String> groups, int coarseEvery) {
        this.groups = groups;
        this.coarseEvery = coarseEvery;
        this.width = groups.size() * CountedColumn.count();
        this.totals = new long[width];
        this.coarseCounts = new long[width];
        int n = groups.size();
        recycledCorrected = new Histogram[n];
        recycledRaw = new Histogram[n];
        cumulativeCorrected = new Histogram[n];
        cumulativeRaw = new Histogram[n];
        for (int g = 0; g < n; g++) {
            cumulativeCorrected[g] = newHistogram();
            cumulativeRaw[g] = newHistogram();
        }
    }

    static Histogram newHistogram() {
        return new Histogram(RunMetrics.LOWEST_NANOS, RunMetrics.HIGHEST_NANOS, RunMetrics.DIGITS);
    }

    Histogram recycledCorrected(int group) {
        return recycledCorrected[group];
    }

    Histogram recycledRaw(int group) {
        return recycledRaw[group];
    }

    Histogram coarseCorrected() {
        return coarseCorrected;
    }

    Histogram coarseRaw() {
        return coarseRaw;
    }

    /**
     * Adds one harvested fine interval ending at {@code atNanos}; returns the coarse interval it closed, or null.
     * The interval histograms are kept for recycling by the next harvest.
     */
    /** True if the next {@link #addFine} closes a coarse interval. */
    boolean closesCoarse(boolean last) {
        return last || finesInCoarse + 1 >= coarseEvery;
    }

    /**
     * As {@link #addFine(long, long[], Histogram[], Histogram[], boolean)}, with the admitted latency of the coarse
     * interval it closes (ignored when it closes none).
     */
    IntervalStats addFine(long atNanos, long[] counts, Histogram[] corrected, Histogram[] raw, boolean last) {
        return addFine(atNanos, counts, corrected, raw, last, LatencySummary.EMPTY);
    }

    IntervalStats addFine(long atNanos, long[] counts, Histogram[] corrected, Histogram[] raw, boolean last,
                          LatencySummary admitted) {
        if (finesInCoarse == 0) {
            coarseStartNanos = lastAtNanos;
            coarseCorrected.reset();
            coarseRaw.reset();
            java.util.Arrays.fill(coarseCounts, 0);
        }
        fineCorrected.reset();
        fineRaw.reset();
        for (int g = 0; g < groups.size(); g++) {
            fineCorrected.add(corrected[g]);
            fineRaw.add(raw[g]);
            cumulativeCorrected[g].add(corrected[g]);
            cumulativeRaw[g].add(raw[g]);
            recycledCorrected[g] = corrected[g];
            recycledRaw[g] = raw[g];
        }
        totalCorrected.add(fineCorrected);
        totalRaw.add(fineRaw);
        coarseCorrected.add(fineCorrected);
        coarseRaw.add(fineRaw);
        for (int i = 0; i < width; i++) {
            totals[i] += counts[i];
            coarseCounts[i] += counts[i];
        }
        long end = Math.max(atNanos, lastAtNanos);
        fine.add(new IntervalStats(lastAtNanos, end, groups, counts,
                LatencySummary.of(fineCorrected), LatencySummary.of(fineRaw)));
        lastAtNanos = end;
        finesInCoarse++;
        if (finesInCoarse < coarseEvery && !last) {
            return null;
        }
        finesInCoarse = 0;
        remember(coarseCorrected, coarseRaw);
        LatencySummary ownCorrected = LatencySummary.of(coarseCorrected);
        LatencySummary ownRaw = LatencySummary.of(coarseRaw);
        IntervalStats closed = new IntervalStats(coarseStartNanos, end, groups, coarseCounts, ownCorrected, ownRaw,
                trailing(ringCorrected, ownCorrected), trailing(ringRaw, ownRaw), admitted);
        coarse.add(closed);
        return closed;
    }

    /** Keeps copies of a closed coarse interval's histograms in the ring, over the oldest. */
    private void remember(Histogram corrected, Histogram raw) {
        ringNewest = (ringNewest + 1) % ringCorrected.length;
        ringSize = Math.min(ringSize + 1, ringCorrected.length);
        if (ringCorrected[ringNewest] == null) {
            ringCorrected[ringNewest] = newHistogram();
            ringRaw[ringNewest] = newHistogram();
        }
        ringCorrected[ringNewest].reset();
        ringCorrected[ringNewest].add(corrected);
        ringRaw[ringNewest].reset();
        ringRaw[ringNewest].add(raw);
    }

    /**
     * The newest interval's latency reaching back over earlier ones until it holds enough answers; {@code own} when
     * the newest alone has enough (the common case under load, which then costs nothing) or has none (a second
     * without answers stays a gap in the chart, not a copy of the seconds before it).
     */
    private LatencySummary trailing(Histogram[] ring, LatencySummary own) {
        if (own.count() == 0 || own.count() >= IntervalStats.TRAILING_MIN_ANSWERS || ringSize == 1) {
            return own;
        }
        trailing.reset();
        for (int k = 0; k < ringSize && trailing.getTotalCount() < IntervalStats.TRAILING_MIN_ANSWERS; k++) {
            trailing.add(ring[Math.floorMod(ringNewest - k, ring.length)]);
        }
        return LatencySummary.of(trailing);
    }

    /**
     * A snapshot of everything so far. The cumulative latency histograms and per-group summaries are brought up to date
     * when {@code latencyDue} (a coarse interval closed, or the run ended) and the first time; other snapshots share
     * the last ones, so they are at most one coarse interval old, as the latency by answer already is.
     */
    MetricsSnapshot publish(boolean finished, boolean latencyDue, ClientStats clients, LatencyByOutcome byOutcome,
                            List<LatencyByOutcome> groupByOutcome, Histogram admitted,
                            java.util.Map<String, Long> errorCauses) {
        if (latencyDue || finished || publishedCorrected == null) {
            List<LatencySummary> groupCorrected = new ArrayList<>(groups.size());
            List<LatencySummary> groupRaw = new ArrayList<>(groups.size());
            for (int g = 0; g < groups.size(); g++) {
                groupCorrected.add(LatencySummary.of(cumulativeCorrected[g]));
                groupRaw.add(LatencySummary.of(cumulativeRaw[g]));
            }
            publishedGroupCorrected = List.copyOf(groupCorrected);
            publishedGroupRaw = List.copyOf(groupRaw);
            publishedCorrected = totalCorrected.copy();
            publishedRaw = totalRaw.copy();
        }
        return new MetricsSnapshot(groups, lastAtNanos, finished, fine.view(), coarse.view(), totals,
                publishedCorrected, publishedRaw, publishedGroupCorrected, publishedGroupRaw, clients, byOutcome,
                groupByOutcome, admitted, errorCauses);
    }
}
