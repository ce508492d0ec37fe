package io.ratelab.report;

import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.metrics.Vocabulary;
import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartMarker;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.HdrCurves;
import io.ratelab.report.plot.SeriesBuffer;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.report.plot.ValueFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Turns successive {@link MetricsSnapshot}s of one run into its three charts: rates over time (admitted,
 * rejected, errors, offered; per group on request), the HDR percentile distribution (corrected and raw), and p50/p99
 * over time. Appends only what is new in each snapshot, so the workbench feeds it every snapshot and a report feeds it
 * the final one. One instance per run; not thread-safe (the workbench uses it on the FX thread).
 */
public final class RunCharts {

    /** The highest percentile the distribution plot shows: five nines. */
    public static final double MAX_PERCENTILE = 99.999;
    /** Minimum visible time span, so the first seconds of a run do not fill the whole width. */
    public static final double MIN_SPAN_SECONDS = 30;

    public static final ChartData EMPTY_RATES = ChartData.empty(AxisKind.LINEAR, "time since start", "requests / s",
            ValueFormat.elapsedSeconds(), ValueFormat.number(""), "Press Start (F5) to send traffic through the proxy");
    public static final ChartData EMPTY_LATENCY = ChartData.empty(AxisKind.PERCENTILE, "percentile", "latency",
            ValueFormat.percent(), ValueFormat.millis(), "Latency of answered requests appears here");
    public static final ChartData EMPTY_PERCENTILES = ChartData.empty(AxisKind.LINEAR, "time since start", "latency",
            ValueFormat.elapsedSeconds(), ValueFormat.millis(), "p50 and p99 per second appear here");

    /** The label of a span in which the generator was catching up on its schedule. */
    public static final String CATCHING_UP = "catching up";
    /** Fewer sends than this in a fine interval say nothing about being behind. */
    static final int BEHIND_MIN_SENDS = 5;
    /** Late intervals this close together (seconds) make one span. */
    static final double BEHIND_MERGE_SECONDS = 0.25;

    private final int window;
    private final List<String> groups;
    private final RateSeries[] totals = new RateSeries[Verdict.values().length];
    private final RateSeries[] groupAccepted;
    private final RateSeries[] groupRejected;
    private final SeriesBuffer p50 = new SeriesBuffer();
    private final SeriesBuffer p99 = new SeriesBuffer();
    private final SeriesBuffer p99Raw = new SeriesBuffer();
    private final SeriesBuffer admittedP50 = new SeriesBuffer();
    private final SeriesBuffer admittedP99 = new SeriesBuffer();
    /** The spans in which the generator was behind its schedule: {start s, end s, late sends, sends} each. */
    private final List<double[]> behind = new ArrayList<>();
    private int fineSeen;
    private int coarseSeen;
    private double elapsedSeconds;

    /**
     * @param groups traffic group names of the run
     * @param window fine intervals per moving rate window (10 for 100 ms intervals and a 1 s window)
     */
    public RunCharts(List<String> groups, int window) {
        this.window = window;
        this.groups = List.copyOf(groups);
        for (Verdict v : Verdict.values()) {
            totals[v.ordinal()] = new RateSeries(v, -1, window);
        }
        groupAccepted = new RateSeries[groups.size()];
        groupRejected = new RateSeries[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            groupAccepted[g] = new RateSeries(Verdict.ACCEPTED, g, window);
            groupRejected[g] = new RateSeries(Verdict.REJECTED, g, window);
        }
    }

    public List<String> groups() {
        return groups;
    }

    /** Appends what {@code s} adds to what was seen. */
    public void append(MetricsSnapshot s) {
        List<IntervalStats> fine = s.fine();
        for (RateSeries r : totals) {
            r.append(fine, fineSeen);
        }
        for (int g = 0; g < groups.size(); g++) {
            groupAccepted[g].append(fine, fineSeen);
            groupRejected[g].append(fine, fineSeen);
        }
        for (int i = fineSeen; i < fine.size(); i++) {
            noteLateSends(fine.get(i));
        }
        fineSeen = fine.size();
        List<IntervalStats> coarse = s.coarse();
        for (int i = coarseSeen; i < coarse.size(); i++) {
            IntervalStats c = coarse.get(i);
            double t = c.endNanos() / 1e9;
            add(p50, t, c.trailingCorrected(), LatencySummary::p50Nanos);
            add(p99, t, c.trailingCorrected(), LatencySummary::p99Nanos);
            add(p99Raw, t, c.trailingRaw(), LatencySummary::p99Nanos);
            add(admittedP50, t, c.admitted(), LatencySummary::p50Nanos);
            add(admittedP99, t, c.admitted(), LatencySummary::p99Nanos);
        }
        coarseSeen = coarse.size();
        elapsedSeconds = s.elapsedNanos() / 1e9;
    }

    /**
     * An interval in which at least half of the sends (and at least {@value #BEHIND_MIN_SENDS}) left late belongs to a
     * "catching up" span: the generator had fallen behind its schedule (starved of CPU, or waiting for connections)
     * and sent what was due as fast as it could, so the offered rate there is not the schedule's.
     */
    private void noteLateSends(IntervalStats c) {
        long sent = c.count(CountedColumn.SENT);
        long late = c.count(CountedColumn.LATE);
        if (sent < BEHIND_MIN_SENDS || 2 * late < sent) {
            return;
        }
        double from = c.startNanos() / 1e9;
        double to = c.endNanos() / 1e9;
        double[] last = behind.isEmpty() ? null : behind.get(behind.size() - 1);
        if (last != null && from - last[1] <= BEHIND_MERGE_SECONDS) {
            last[1] = to;
            last[2] += late;
            last[3] += sent;
        } else {
            behind.add(new double[]{from, to, late, sent});
        }
    }

    /** The "catching up" spans so far, as chart bands. */
    public List<ChartMarker> catchUpBands() {
        List<ChartMarker> bands = new ArrayList<>();
        for (double[] b : behind) {
            bands.add(ChartMarker.band(b[0], b[1], CATCHING_UP, String.format(java.util.Locale.ROOT,
                    "%,.0f of %,.0f sends left late: the generator had fallen behind its schedule and sent what was"
                            + " due as fast as it could, so the offered rate here is not the schedule's; the wait"
                            + " counts in corrected latency", b[2], b[3])));
        }
        return bands;
    }

    private static void add(SeriesBuffer b, double t, LatencySummary l, ToLongFunction<LatencySummary> f) {
        b.add(t, l.count() == 0 ? Double.NaN : f.applyAsLong(l) / 1e6);
    }

    /** The newest moving-window rate of a verdict over all groups. */
    public double lastRate(Verdict v) {
        return totals[v.ordinal()].last();
    }

    /** Rates over time: the totals when {@code showTotals}, and admitted/rejected of each group in {@code shown}. */
    public ChartData rates(boolean showTotals, Set<String> shown) {
        List<ChartSeries> series = new ArrayList<>();
        if (showTotals) {
            series.add(totals[Verdict.ACCEPTED.ordinal()].view(Vocabulary.WORD_ADMITTED, SeriesColor.GREEN, false));
            series.add(totals[Verdict.REJECTED.ordinal()].view(Vocabulary.WORD_REJECTED, SeriesColor.RED, false));
            series.add(totals[Verdict.ERRORS.ordinal()].view(Vocabulary.WORD_ERRORS, SeriesColor.AMBER, false));
            series.add(totals[Verdict.OFFERED.ordinal()].view(Vocabulary.WORD_OFFERED, SeriesColor.GREY, true));
        }
        for (int g = 0; g < groups.size(); g++) {
            if (shown.contains(groups.get(g))) {
                SeriesColor c = SeriesColor.distinct(g);
                series.add(groupAccepted[g].view(groups.get(g) + " " + Vocabulary.WORD_ADMITTED, c, false));
                series.add(groupRejected[g].view(groups.get(g) + " " + Vocabulary.WORD_REJECTED, c, true));
            }
        }
        return EMPTY_RATES.withSeries(series, 0, span()).withMarkers(catchUpBands());
    }

    /**
     * p50 and p99 per second (corrected) of every answer, with raw p99 dashed for comparison, and the admitted (2xx)
     * answers' own p50 and p99 (each second on its own). A second with fewer than
     * {@link IntervalStats#TRAILING_MIN_ANSWERS} answers reaches back over the seconds before it until it has them
     * (up to 10 s), so that a quiet second's p99 is not just its slowest answer.
     */
    public ChartData percentilesOverTime() {
        return EMPTY_PERCENTILES.withSeries(List.of(
                p50.view("p50 (all answers)", SeriesColor.BLUE, false),
                p99.view("p99 (all answers)", SeriesColor.PURPLE, false),
                p99Raw.view("p99 raw", SeriesColor.TEAL, true),
                admittedP50.view("admitted p50", SeriesColor.GREEN, false),
                admittedP99.view("admitted p99", SeriesColor.GREEN, true)), 0, span());
    }

    /** The percentile distribution of the whole run so far, corrected and raw. */
    public static ChartData latency(MetricsSnapshot s) {
        return EMPTY_LATENCY.withSeries(List.of(
                HdrCurves.percentileCurve(s.admitted(), "admitted (2xx, from intended start)", SeriesColor.GREEN,
                        false, MAX_PERCENTILE),
                HdrCurves.percentileCurve(s.corrected(), "all answers (from intended start)", SeriesColor.BLUE, true,
                        MAX_PERCENTILE),
                HdrCurves.percentileCurve(s.raw(), "raw (from actual send)", SeriesColor.TEAL, true, MAX_PERCENTILE)),
                0, MAX_PERCENTILE);
    }

    private double span() {
        return Math.max(MIN_SPAN_SECONDS, Math.ceil(elapsedSeconds));
    }
}
