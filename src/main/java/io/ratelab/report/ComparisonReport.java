package io.ratelab.report;

import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.SeriesBuffer;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.report.plot.ValueFormat;
import io.ratelab.sim.LimiterResult;
import io.ratelab.sim.SimulationResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A comparison of limiters simulated on the same traffic: the overlaid curves (admitted and rejected per second,
 * latency percentiles) and the summary table, for the workbench's compare tab and for the HTML/CSV report. Its JSON
 * is the simulation result itself, the format {@code ratelab simulate --json} prints. Stateless.
 */
public final class ComparisonReport {

    /** The percentiles the simulator reports, in the order of {@link LimiterResult.LatencyMs}. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private static final List<String> COLUMNS = List.of("limiter", "algorithm", "offered", "sent", "admitted",
            "rejected", "errors", "delayed", "admitted %", "retries", "admitted p50 ms", "admitted p99 ms",
            "admitted max ms", "fairness", "well-behaved rejected %");

    private ComparisonReport() {
    }

    /** Admitted requests per second, one line per limiter. */
    public static ChartData admitted(SimulationResult r) {
        return admitted(r, byPosition(r));
    }

    /** Admitted requests per second, one line per limiter in the colour {@code colors} gives it. */
    public static ChartData admitted(SimulationResult r, Function<LimiterResult, SeriesColor> colors) {
        return perSecond(r, "admitted requests / s", l -> l.timeline().admitted(),
                "Run a comparison to see each limiter's admitted rate", colors);
    }

    /** Rejected requests per second, one line per limiter. */
    public static ChartData rejected(SimulationResult r) {
        return rejected(r, byPosition(r));
    }

    /** Rejected requests per second, one line per limiter in the colour {@code colors} gives it. */
    public static ChartData rejected(SimulationResult r, Function<LimiterResult, SeriesColor> colors) {
        return perSecond(r, "rejected requests / s", l -> l.timeline().rejected(),
                "Run a comparison to see each limiter's rejections", colors);
    }

    /** Each limiter's colour by its place in the result: the report's colours. */
    static Function<LimiterResult, SeriesColor> byPosition(SimulationResult r) {
        return l -> SeriesColor.distinct(r.limiters().indexOf(l));
    }

    /** Latency of admitted requests at p50, p90, p99 and p99.9, one line per limiter. */
    public static ChartData latency(SimulationResult r) {
        return latency(r, byPosition(r));
    }

    /** Latency of admitted requests, one line per limiter in the colour {@code colors} gives it. */
    public static ChartData latency(SimulationResult r, Function<LimiterResult, SeriesColor> colors) {
        List<ChartSeries> series = new ArrayList<>();
        for (int i = 0; i < r.limiters().size(); i++) {
            LimiterResult l = r.limiters().get(i);
            LimiterResult.LatencyMs ms = l.latencyMs();
            SeriesBuffer b = new SeriesBuffer();
            if (ms.count() > 0) {
                double[] v = {ms.p50(), ms.p90(), ms.p99(), ms.p999()};
                for (int k = 0; k < v.length; k++) {
                    b.add(PERCENTILES[k], v[k]);
                }
            }
            series.add(b.view(l.name(), colors.apply(l), false));
        }
        return new ChartData(AxisKind.PERCENTILE, "percentile", "latency", ValueFormat.percent(),
                ValueFormat.millis(), 0, 99.9, series, "Run a comparison to see each limiter's latency");
    }

    /** An empty chart of the given kind, for before the first comparison. */
    public static ChartData empty(String yLabel, AxisKind kind, String message) {
        return ChartData.empty(kind, kind == AxisKind.PERCENTILE ? "percentile" : "simulated time", yLabel,
                kind == AxisKind.PERCENTILE ? ValueFormat.percent() : ValueFormat.elapsedSeconds(),
                kind == AxisKind.PERCENTILE ? ValueFormat.millis() : ValueFormat.number(""), message);
    }

    private static ChartData perSecond(SimulationResult r, String yLabel, Function<LimiterResult, long[]> counts,
                                       String message, Function<LimiterResult, SeriesColor> colors) {
        List<ChartSeries> series = new ArrayList<>();
        double end = 1;
        double step = 1;
        for (int i = 0; i < r.limiters().size(); i++) {
            LimiterResult l = r.limiters().get(i);
            long[] c = counts.apply(l);
            step = l.timeline().stepSeconds();
            series.add(new ChartSeries(l.name(), colors.apply(l), false, stepEnds(c.length, step),
                    ratePerSecond(c, step), c.length));
            end = Math.max(end, c.length * step);
        }
        return new ChartData(AxisKind.LINEAR, "simulated time" + stepNote(step), yLabel,
                ValueFormat.elapsedSeconds(), ValueFormat.number(""), 0, end, series, message);
    }

    /** The end of each of {@code n} steps of {@code stepSeconds}: where a step's rate is plotted. */
    public static double[] stepEnds(int n, double stepSeconds) {
        double[] x = new double[n];
        for (int s = 0; s < n; s++) {
            x[s] = (s + 1) * stepSeconds;
        }
        return x;
    }

    /** Counts per step of {@code stepSeconds} as a rate per second. */
    public static double[] ratePerSecond(long[] counts, double stepSeconds) {
        double[] y = new double[counts.length];
        for (int s = 0; s < counts.length; s++) {
            y[s] = counts[s] / stepSeconds;
        }
        return y;
    }

    /** What an axis title adds for a step other than one second: " (per 20 ms step)", " (mean per 60 s step)". */
    public static String stepNote(double stepSeconds) {
        if (stepSeconds == 1) {
            return "";
        }
        return stepSeconds < 1 ? String.format(java.util.Locale.ROOT, " (per %.0f ms step)", stepSeconds * 1000)
                : String.format(java.util.Locale.ROOT, " (mean per %.0f s step)", stepSeconds);
    }

    /** The summary table: one row per limiter. */
    public static ReportDocument.Table summary(SimulationResult r) {
        List<List<Object>> rows = new ArrayList<>();
        for (LimiterResult l : r.limiters()) {
            rows.add(summaryRow(l));
        }
        return new ReportDocument.Table("summary", "Limiters on identical traffic", COLUMNS, rows);
    }

    /**
     * One limiter's row: counts (offered = first attempts, sent = with retries, see
     * {@link io.ratelab.metrics.Vocabulary}), shares in percent, admitted latency in milliseconds, Jain's fairness
     * index.
     */
    public static List<Object> summaryRow(LimiterResult l) {
        List<Object> row = new ArrayList<>();
        row.add(l.name());
        row.add(l.algorithm());
        row.add(l.offered());
        row.add(l.sent());
        row.add(l.admitted());
        row.add(l.rejected());
        row.add(l.errors());
        row.add(l.delayed());
        row.add(l.offered() == 0 ? Double.NaN : 100.0 * l.admitted() / l.offered());
        row.add(l.retries());
        row.add(l.latencyMs().count() == 0 ? Double.NaN : l.latencyMs().p50());
        row.add(l.latencyMs().count() == 0 ? Double.NaN : l.latencyMs().p99());
        row.add(l.latencyMs().count() == 0 ? Double.NaN : l.latencyMs().max());
        row.add(l.fairness());
        row.add(l.wellBehavedRejectedShare() == null ? Double.NaN : 100 * l.wellBehavedRejectedShare());
        return row;
    }

    /** The document for HTML and CSV. */
    public static ReportDocument document(SimulationResult r) {
        String names = String.join(", ", r.limiters().stream().map(LimiterResult::name).toList());
        return new ReportDocument("RateLab comparison: " + r.scenario(), String.format(Locale.ROOT,
                "%d limiters (%s) simulated on the same traffic for %d s, seed %d", r.limiters().size(), names,
                r.durationSeconds(), r.seed()), Instant.now(), List.of(
                new ReportDocument.Section("Summary", List.of(), List.of(), List.of(summary(r))),
                new ReportDocument.Section("Curves", List.of(), List.of(
                        new ReportDocument.Figure("admitted-per-second", "Admitted per second", admitted(r)),
                        new ReportDocument.Figure("rejected-per-second", "Rejected per second", rejected(r)),
                        new ReportDocument.Figure("latency-percentiles", "Latency of admitted requests",
                                latency(r))), List.of())));
    }
}
