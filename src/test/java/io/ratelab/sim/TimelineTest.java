package io.ratelab.sim;

import io.ratelab.report.ComparisonReport;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: a 22 s trace replayed at 10× lasts 2.2 s and its charts plotted 3 one-second points. The charts' timeline
 * steps down to 10 ms so that a short run still gets at least 100 points, and it counts what the totals count.
 */
class TimelineTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void theStepGivesAShortRunAtLeastAHundredPoints() {
        assertEquals(20 * MS, Series.plotStepNanos(2_200 * MS), "2.2 s: 110 steps of 20 ms");
        assertEquals(200 * MS, Series.plotStepNanos(22 * S), "22 s: 110 steps of 200 ms");
        assertEquals(500 * MS, Series.plotStepNanos(60 * S));
        assertEquals(S, Series.plotStepNanos(100 * S), "100 s: the series' own second");
        assertEquals(S, Series.plotStepNanos(3_600 * S));
        assertEquals(10 * MS, Series.plotStepNanos(400 * MS), "under a second: the finest step");
        assertEquals(2 * S, Series.plotStepNanos(2 * 86_400 * S), "two days: the series' step");
    }

    @Test
    void aShortRunsTimelineHasAHundredStepsThatAddUpToItsTotals() {
        SimulationResult r = SimulatorTest.run("""
                duration: 2200ms
                limiters: [{algorithm: token-bucket, rate: 50/s, burst: 10}]
                traffic: [{name: flood, arrival: {process: constant, rate: 200/s}}]
                upstream: {concurrency: 4, serviceTime: {distribution: constant, median: 1ms}, errorRate: 0.2}
                """);
        LimiterResult l = r.limiters().get(0);
        LimiterResult.Timeline t = l.timeline();
        assertEquals(20 * MS, t.stepNanos());
        assertEquals(110, t.steps());
        assertEquals(l.offered(), Series.total(t.offered()));
        assertEquals(l.admitted(), Series.total(t.admitted()));
        assertEquals(l.rejected(), Series.total(t.rejected()));
        assertEquals(l.errors(), Series.total(t.errors()));
        assertTrue(l.errors() > 0 && l.rejected() > 0, "every kind is counted");
        assertEquals(3, l.perSecond().admitted().length, "the per-second series (JSON, tuner) keeps whole seconds");

        ChartData admitted = ComparisonReport.admitted(r);
        ChartSeries line = admitted.series().get(0);
        assertEquals(110, line.size(), "the Compare chart and the report plot the timeline");
        assertEquals(2.2, line.x()[line.size() - 1], 1e-9);
        double sum = 0;
        for (int i = 0; i < line.size(); i++) {
            sum += line.y()[i] * 0.02;
        }
        assertEquals(l.admitted(), sum, 1e-6, "rates per second over 20 ms steps");
        assertTrue(admitted.xLabel().contains("20 ms"), admitted.xLabel());
    }

    @Test
    void theTimelineIsNotInTheJson() throws Exception {
        SimulationResult r = SimulatorTest.run("""
                duration: 2s
                limiters: [{algorithm: token-bucket, rate: 50/s, burst: 10}]
                traffic: [{name: flood, arrival: {process: constant, rate: 100/s}}]
                """);
        com.fasterxml.jackson.databind.JsonNode limiter = io.ratelab.scenario.FileFormats.json()
                .readTree(io.ratelab.scenario.FileFormats.json().writeValueAsString(r)).get("limiters").get(0);
        assertEquals(1, limiter.get("perSecond").get("stepSeconds").asLong());
        assertTrue(limiter.get("timeline") == null, "the JSON keeps its shape: " + limiter);
    }
}
