package io.ratelab.report;

import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The p50/p99-over-time chart plots each second's trailing latency: a quiet second's p99 rests on 100 answers. */
class RunChartsTest {

    private static final long MS = 1_000_000L;

    @Test
    void aQuietSecondsP99IsNotJustItsSlowestAnswer() {
        // 1 s coarse intervals of 10 fine ones; second 1: 200 answers at 1 ms; second 2: 3 at 1 ms and one at 400 ms
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        for (int i = 0; i < 200; i++) {
            m.recordLatency(0, MS, MS);
        }
        for (int f = 1; f <= 10; f++) {
            m.sample(f * 100 * MS);
        }
        for (int i = 0; i < 3; i++) {
            m.recordLatency(0, MS, MS);
        }
        m.recordLatency(0, 400 * MS, 400 * MS);
        MetricsSnapshot s = null;
        for (int f = 11; f <= 20; f++) {
            s = m.sample(f * 100 * MS);
        }
        RunCharts charts = new RunCharts(List.of("default"), 10);
        charts.append(s);
        ChartData d = charts.percentilesOverTime();
        ChartSeries p99 = d.series().get(1);
        assertEquals("p99 (all answers)", p99.name());
        assertEquals(2, p99.size());
        assertEquals(400, s.coarse().get(1).corrected().p99Nanos() / 1e6, 1, "alone, the second's p99 is its slowest");
        assertEquals(1, p99.y()[1], 0.01, "over the 204 answers of both seconds, p99 is 1 ms");
        assertTrue(d.series().get(2).y()[1] < 2, "raw p99 trails the same way");
    }

    @Test
    void eachSecondHasItsAdmittedLatencyApart() {
        // second 1: 100 admitted at 20 ms and 100 rejected at 1 ms; second 2: 50 admitted at 30 ms
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        for (int i = 0; i < 100; i++) {
            m.recordLatency(0, io.ratelab.metrics.CountedColumn.STATUS_200, 20 * MS, 20 * MS);
            m.recordLatency(0, io.ratelab.metrics.CountedColumn.STATUS_429, MS, MS);
        }
        for (int f = 1; f <= 10; f++) {
            m.sample(f * 100 * MS);
        }
        for (int i = 0; i < 50; i++) {
            m.recordLatency(0, io.ratelab.metrics.CountedColumn.STATUS_200, 30 * MS, 30 * MS);
        }
        MetricsSnapshot s = null;
        for (int f = 11; f <= 20; f++) {
            s = m.sample(f * 100 * MS);
        }
        assertEquals(List.of(100L, 50L), s.coarse().stream().map(c -> c.admitted().count()).toList());
        assertEquals(1, s.coarse().get(0).corrected().p50Nanos() / 1e6, 0.01, "all answers: half were 429s at 1 ms");
        assertEquals(20, s.coarse().get(0).admitted().p50Nanos() / 1e6, 0.02);
        assertEquals(30, s.coarse().get(1).admitted().p50Nanos() / 1e6, 0.03);
        RunCharts charts = new RunCharts(List.of("default"), 10);
        charts.append(s);
        ChartSeries admittedP50 = charts.percentilesOverTime().series().stream()
                .filter(x -> x.name().equals("admitted p50")).findFirst().orElseThrow();
        assertEquals(30, admittedP50.y()[1], 0.03);
    }

    /**
     * Issue 21: where most sends left late, the generator was catching up on its schedule; the rates chart shades
     * those spans (adjacent late intervals make one) and says so.
     */
    @Test
    void spansWhereMostSendsLeftLateAreMarkedCatchingUp() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        RunCharts charts = new RunCharts(List.of("default"), 10);
        for (int f = 1; f <= 30; f++) {
            boolean behind = f >= 11 && f <= 15 || f == 25;
            for (int i = 0; i < 20; i++) {
                m.count(0, io.ratelab.metrics.CountedColumn.SENT);
                if (behind && i < 15 || i == 0) {
                    m.count(0, io.ratelab.metrics.CountedColumn.LATE);      // one late send in any interval: not behind
                }
            }
            charts.append(m.sample(f * 100 * MS));
        }
        List<io.ratelab.report.plot.ChartMarker> bands = charts.rates(true, java.util.Set.of()).markers();
        assertEquals(2, bands.size(), bands.toString());
        assertEquals(1.0, bands.get(0).x(), 1e-9);
        assertEquals(1.5, bands.get(0).toX(), 1e-9);
        assertEquals(RunCharts.CATCHING_UP, bands.get(0).label());
        assertTrue(bands.get(0).detail().startsWith("75 of 100 sends left late"), bands.get(0).detail());
        assertEquals(2.4, bands.get(1).x(), 1e-9);
    }
}
