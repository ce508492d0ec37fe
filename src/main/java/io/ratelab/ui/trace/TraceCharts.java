package io.ratelab.ui.trace;

import io.ratelab.metrics.Vocabulary;
import io.ratelab.report.ComparisonReport;
import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.report.plot.ValueFormat;
import io.ratelab.sim.LimiterResult;
import io.ratelab.traffic.trace.LineTally;
import io.ratelab.traffic.trace.TraceKey;
import io.ratelab.traffic.trace.TraceSummary;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the trace view draws and lists, computed from a {@link TraceSummary} (the same summary {@code trace inspect}
 * prints) and a simulation's {@link LimiterResult}: pure functions, no JavaFX.
 */
final class TraceCharts {

    static final ChartData EMPTY_PROFILE = ChartData.empty(AxisKind.LINEAR, "time since the first request",
            "requests / s", ValueFormat.elapsedSeconds(), ValueFormat.number(""),
            "Open a trace (File > Open trace…, Ctrl+T) to see its rate profile");
    static final ChartData EMPTY_SIMULATION = ChartData.empty(AxisKind.LINEAR, "replay time", "requests / s",
            ValueFormat.elapsedSeconds(), ValueFormat.number(""),
            "Press Simulate to run the selected limiter on this trace");

    private TraceCharts() {
    }

    /**
     * The rate profile: requests in each second of the trace, plotted at the end of its second (x in seconds since
     * the first request), so the line spans the whole trace.
     */
    static ChartData profile(TraceSummary s) {
        int[] perSecond = s.perSecond();
        double[] x = new double[perSecond.length];
        double[] y = new double[perSecond.length];
        for (int i = 0; i < perSecond.length; i++) {
            x[i] = i + 1;
            y[i] = perSecond[i];
        }
        ChartSeries series = new ChartSeries("requests / s (recorded)", SeriesColor.BLUE, false, x, y, x.length);
        return new ChartData(AxisKind.LINEAR, "time since the first request", "requests / s",
                ValueFormat.elapsedSeconds(), ValueFormat.number(""), 0, Math.max(1, perSecond.length),
                List.of(series), "The trace holds no request");
    }

    /** Offered, admitted and rejected per second of replay time, for one simulated limiter. */
    static ChartData simulation(LimiterResult r) {
        LimiterResult.Timeline p = r.timeline();
        double step = p.stepSeconds();
        List<ChartSeries> series = List.of(series(Vocabulary.WORD_OFFERED, SeriesColor.BLUE, true, p.offered(), step),
                series(Vocabulary.WORD_ADMITTED, SeriesColor.GREEN, false, p.admitted(), step),
                series(Vocabulary.WORD_REJECTED, SeriesColor.RED, false, p.rejected(), step));
        return new ChartData(AxisKind.LINEAR, "replay time" + ComparisonReport.stepNote(step), "requests / s",
                ValueFormat.elapsedSeconds(), ValueFormat.number(""), 0, Math.max(step, p.steps() * step), series,
                "Nothing was offered");
    }

    private static ChartSeries series(String name, SeriesColor color, boolean dashed, long[] counts, double step) {
        return new ChartSeries(name, color, dashed, ComparisonReport.stepEnds(counts.length, step),
                ComparisonReport.ratePerSecond(counts, step), counts.length);
    }

    /** The inspect summary as label/value rows: span, requests, clients, rate per second, skipped and late lines. */
    static List<String[]> summaryRows(TraceSummary s) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Format", s.format() + ", clients by " + s.key() + (s.key().kind() == TraceKey.Kind.IP
                && !s.format().hasAddresses() ? " (this format records no address: one client)" : "")));
        rows.add(row("Requests", String.format(Locale.ROOT, "%,d", s.requests())));
        if (s.requests() > 0) {
            rows.add(row("Span", String.format(Locale.ROOT, "%.1f s", s.spanNanos() / 1e9)));
            rows.add(row("First request", instant(s.firstEpochNanos())));
            rows.add(row("Last request", instant(s.lastEpochNanos())));
        }
        rows.add(row("Distinct clients", String.format(Locale.ROOT, "%,d", s.clients())));
        TraceSummary.RateStats r = s.rateStats();
        rows.add(row("Rate per second", "min " + r.min() + ", median " + number(r.median()) + ", max " + r.max()
                + (s.profileTruncated() ? " (first 7 days)" : "")));
        rows.add(row("Skipped lines", tally(s.skipped())));
        rows.add(row("Repaired lines", tally(s.repaired())));
        rows.add(row("Late lines", tally(s.late())));
        rows.add(row("Out of order", String.format(Locale.ROOT, "%,d put back in order, up to %.3f s out of order"
                + " (reorder window %.3f s%s)", s.reordered(), s.maxDisorderNanos() / 1e9, s.reorderWindowNanos() / 1e9,
                s.windowNote() == null ? "" : "; " + s.windowNote())));
        return rows;
    }

    /** The top clients as "client — requests (share)" lines. */
    static List<String> topClients(TraceSummary s) {
        return s.topClients().stream().map(c -> String.format(Locale.ROOT, "%s — %,d (%.1f%%)", c.client(),
                c.requests(), s.requests() == 0 ? 0 : 100.0 * c.requests() / s.requests())).toList();
    }

    /** {@code N}, then the first few as "line 12: reason". */
    static String tally(LineTally t) {
        if (t.count() == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d", t.count()));
        for (LineTally.Line l : t.first()) {
            b.append("\n  line ").append(l.line()).append(": ").append(l.reason());
        }
        if (t.count() > t.first().size()) {
            b.append("\n  …");
        }
        return b.toString();
    }

    private static String[] row(String label, String value) {
        return new String[]{label, value};
    }

    /**
     * UTC to the millisecond, date and time apart so that a narrow summary wraps between them:
     * {@code 2024-11-19 09:00:00.129 UTC} (as one word, {@code 2024-11-19T09:00:00.129Z}, it broke inside the time).
     */
    static String instant(long epochNanos) {
        return INSTANT.format(Instant.ofEpochMilli(Math.floorDiv(epochNanos, 1_000_000L)));
    }

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
