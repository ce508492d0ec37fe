package io.ratelab.ui.live;

import io.ratelab.metrics.Outcome;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live tab's logic against real {@link RunMetrics} sampled on a manual clock, without the FX toolkit. */
class LiveViewModelTest {

    private static final long MS = 1_000_000L;

    private static ChartSeries series(ChartData d, String name) {
        return d.series().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** 100 ms of traffic: per group {@code ok} answers 200 and {@code no} answers 429, each 5 ms latency. */
    private static void interval(RunMetrics m, int group, int ok, int no) {
        for (int i = 0; i < ok + no; i++) {
            m.count(group, Outcome.SENT);
            m.count(group, i < ok ? Outcome.STATUS_200 : Outcome.STATUS_429);
            m.recordLatency(group, 5 * MS, 4 * MS);
        }
    }

    @Test
    void pullsOnlyNewSnapshotsAndAppendsTheirIntervals() {
        RunMetrics m = new RunMetrics(List.of("polite", "greedy"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        assertTrue(vm.pull(), "the initial empty snapshot");
        assertFalse(vm.pull(), "the same snapshot is not applied twice");
        for (int t = 1; t <= 20; t++) {
            interval(m, 0, 10, 0);
            interval(m, 1, 20, 30);
            m.sample(t * 100 * MS);
        }
        assertTrue(vm.pull());
        assertEquals(20 * 60, vm.offeredProperty().get());
        assertEquals(20 * 30, vm.acceptedProperty().get());
        assertEquals(20 * 30, vm.rejectedProperty().get());
        assertEquals(0, vm.errorsProperty().get());
        assertEquals(600, vm.achievedRateProperty().get(), 1e-6, "60 per 100 ms over the trailing second");
        ChartData rates = vm.ratesProperty().get();
        assertEquals(20, series(rates, "accepted").size());
        assertEquals(300, series(rates, "accepted").lastY(), 1e-6);
        assertEquals(300, series(rates, "rejected (429)").lastY(), 1e-6);
        assertEquals(0.1, series(rates, "accepted").x()[0], 1e-9);
        assertEquals(2, vm.percentilesProperty().get().series().get(0).size(), "two closed seconds");
        assertEquals(5, vm.percentilesProperty().get().series().get(0).lastY(), 0.01, "p50 in ms");
        ChartData latency = vm.latencyProperty().get();
        assertEquals(AxisKind.PERCENTILE, latency.xKind());
        assertEquals(5, latency.series().get(0).lastY(), 0.01);
        assertEquals(4, latency.series().get(1).lastY(), 0.01, "raw");
        assertEquals(List.of("polite", "greedy"), vm.groupRows().stream().map(GroupRow::group).toList());
        GroupRow greedy = vm.groupRows().get(1);
        assertEquals(1000, greedy.offered());
        assertEquals(40.0, greedy.acceptedPercent(), 1e-9);
    }

    @Test
    void groupTogglesAddTheGroupsLinesAndTotalsCanBeHidden() {
        RunMetrics m = new RunMetrics(List.of("polite", "greedy"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        interval(m, 0, 1, 0);
        m.sample(100 * MS);
        vm.pull();
        assertEquals(4, vm.ratesProperty().get().series().size());
        vm.groupToggles().get(1).shownProperty().set(true);
        assertEquals(6, vm.ratesProperty().get().series().size());
        vm.showTotalsProperty().set(false);
        assertEquals(List.of("greedy accepted", "greedy rejected"),
                vm.ratesProperty().get().series().stream().map(ChartSeries::name).toList());
    }

    @Test
    void attachingANewRunClearsTheCharts() {
        RunMetrics m = RunMetrics.single(0);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        interval(m, 0, 5, 5);
        m.sample(100 * MS);
        vm.pull();
        assertTrue(vm.ratesProperty().get().series().size() > 0);
        vm.attach(RunMetrics.single(0)::snapshot);
        assertTrue(vm.ratesProperty().get().isEmpty());
        assertTrue(vm.groupRows().isEmpty());
    }
}
