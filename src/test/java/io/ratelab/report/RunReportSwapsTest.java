package io.ratelab.report;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartMarker;
import io.ratelab.report.plot.SvgChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 6: the HTML report of a live run listed its limiter swaps but its time charts drew no marker at them,
 * as the workbench's do. Checked on the chart model and on the rendered SVG.
 */
class RunReportSwapsTest {

    private static final long MS = 1_000_000L;

    private static RunReport reportWithASwapAt(double seconds) {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        for (int t = 1; t <= 40; t++) {
            for (int i = 0; i < 20; i++) {
                m.count(0, CountedColumn.SENT);
                m.count(0, i < 15 ? CountedColumn.STATUS_200 : CountedColumn.STATUS_429);
                m.recordLatency(0, 3 * MS, 2 * MS);
            }
            m.sample(t * 100 * MS);
        }
        m.finish(4_000 * MS);
        LimiterSpec first = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(200), 20L).withName("token bucket");
        LimiterSpec second = LimiterSpec.of(Algorithm.GCRA, Rate.perSecond(50), 10L).withName("gcra");
        return new RunReport("swaps", "http://127.0.0.1:8080/", 200, List.of(new RunReport.LimiterChange(0, first),
                new RunReport.LimiterChange(seconds, second)), List.of(), m.snapshot());
    }

    private static Map<String, ChartData> figures(RunReport r) {
        return r.document().sections().stream().flatMap(s -> s.figures().stream())
                .collect(Collectors.toMap(ReportDocument.Figure::id, ReportDocument.Figure::data));
    }

    @Test
    void bothTimeChartsMarkTheSwapWithTheNewSetting() {
        Map<String, ChartData> charts = figures(reportWithASwapAt(2.5));
        for (String id : List.of("rates", "latency-over-time")) {
            List<ChartMarker> lines = charts.get(id).markers().stream().filter(m -> !m.isBand()).toList();
            assertEquals(1, lines.size(), id + ": one swap, none for the first limiter: " + lines);
            ChartMarker swap = lines.get(0);
            assertEquals(2.5, swap.x(), 1e-9, id);
            assertEquals("→ gcra", swap.label(), id);
            assertEquals("2.5 s: the proxy switched to 'gcra': gcra 50/s, burst 10", swap.detail(), id);
        }
        assertTrue(charts.get("latency-percentiles").markers().isEmpty(), "the percentile chart has no time axis");
    }

    @Test
    void theRenderedSvgDrawsTheMarkerInsideThePlotWithItsTooltip() {
        ChartData rates = figures(reportWithASwapAt(2.5)).get("rates");
        String svg = new SvgChart().render(rates, "Requests per second", 800, 300);
        Matcher g = Pattern.compile("<g class=\"marker\"><title>([^<]*)</title><line x1=\"([0-9.]+)\" y1=\"([0-9.]+)\""
                + " x2=\"([0-9.]+)\" y2=\"([0-9.]+)\"[^>]*stroke-dasharray").matcher(svg);
        assertTrue(g.find(), svg);
        assertEquals("2.5 s: the proxy switched to 'gcra': gcra 50/s, burst 10", g.group(1), "its tooltip");
        double x = Double.parseDouble(g.group(2));
        double atZero = firstTickPixel(svg);
        assertTrue(x > atZero + 20 && x < 790, "2.5 s lies inside the plot, right of its start at " + atZero + ": " + x);
        assertTrue(Double.parseDouble(g.group(5)) > Double.parseDouble(g.group(3)), "a vertical rule down the plot");
        assertTrue(svg.contains(">→ gcra</text>"), "its label is drawn");
        assertTrue(!g.find(), "one marker");
    }

    /** The x of the plot's left edge: the first vertical axis line's. */
    private static double firstTickPixel(String svg) {
        Matcher m = Pattern.compile("<line x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"\\1\" y2=\"[0-9.]+\" stroke=\"#8a94a3\"")
                .matcher(svg);
        double left = Double.MAX_VALUE;
        while (m.find()) {
            left = Math.min(left, Double.parseDouble(m.group(1)));
        }
        return left;
    }

    @Test
    void theHtmlReportCarriesTheMarkers(@TempDir Path dir) throws Exception {
        RunReport r = reportWithASwapAt(1.0);
        ReportFiles.write(dir, r.document(), r.json());
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(2, html.split("<g class=\"marker\">", -1).length - 1, "on the rates and the p50/p99 chart");
    }
}
