package io.ratelab.ui.live;

import io.ratelab.metrics.ClientRoster;
import io.ratelab.metrics.CountedColumn;
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
            m.count(group, CountedColumn.SENT);
            CountedColumn answer = i < ok ? CountedColumn.STATUS_200 : CountedColumn.STATUS_429;
            m.count(group, answer);
            m.recordLatency(group, answer, 5 * MS, 4 * MS);
        }
    }

    @Test
    void errorsAreShownWithTheirCauses() {
        RunMetrics m = new RunMetrics(List.of("browser"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        vm.pull();
        assertEquals("errors", vm.errorCausesProperty().get());
        for (int i = 0; i < 3; i++) {
            m.count(0, CountedColumn.SENT);
            m.count(0, CountedColumn.STATUS_4XX);
            m.countError("HTTP 400");
        }
        m.count(0, CountedColumn.SENT);
        m.count(0, CountedColumn.CONNECTION_ERROR);
        m.countError("connection refused");
        m.sample(LiveViewModel.UPDATE_EVERY_NANOS);     // shown at most once a second (issue 21)
        assertTrue(vm.pull());
        assertEquals(4, vm.errorsProperty().get());
        assertEquals("errors: HTTP 400: 3, connection refused: 1", vm.errorCausesProperty().get());
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
        assertEquals(20, series(rates, "admitted (2xx)").size());
        assertEquals(300, series(rates, "admitted (2xx)").lastY(), 1e-6);
        assertEquals(300, series(rates, "rejected (429)").lastY(), 1e-6);
        assertEquals(0.1, series(rates, "admitted (2xx)").x()[0], 1e-9);
        assertEquals(2, vm.percentilesProperty().get().series().get(0).size(), "two closed seconds");
        assertEquals(5, vm.percentilesProperty().get().series().get(0).lastY(), 0.01, "p50 in ms");
        ChartData latency = vm.latencyProperty().get();
        assertEquals(AxisKind.PERCENTILE, latency.xKind());
        assertEquals(5, latency.series().get(0).lastY(), 0.01, "admitted");
        assertEquals(5, latency.series().get(1).lastY(), 0.01, "all answers");
        assertEquals(4, latency.series().get(2).lastY(), 0.01, "raw");
        assertEquals(5, vm.admittedP50Property().get(), 0.01);
        assertEquals(5, vm.groupRows().get(0).p50Millis(), 0.01, "the group's admitted latency");
        assertEquals(List.of("polite", "greedy"), vm.groupRows().stream().map(GroupRow::group).toList());
        GroupRow greedy = vm.groupRows().get(1);
        assertEquals(1000, greedy.offered());
        assertEquals(40.0, greedy.acceptedPercent(), 1e-9);
    }

    @Test
    void anEndedRunShowsItsAverageRatesNotItsLastSecond() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        // 1 s at 100/s (of 100/s scheduled), then 1 s at 20/s of 50/s scheduled
        for (int t = 1; t <= 20; t++) {
            for (int i = 0; i < (t <= 10 ? 10 : 5); i++) {
                m.count(0, CountedColumn.SCHEDULED);
            }
            interval(m, 0, t <= 10 ? 10 : 2, 0);
            m.sample(t * 100 * MS);
        }
        vm.pull();
        assertEquals(20, vm.achievedRateProperty().get(), 1e-6, "while running: the last second's rate");
        assertFalse(vm.endedProperty().get());

        vm.detach();
        assertTrue(vm.endedProperty().get());
        assertEquals(60, vm.achievedRateProperty().get(), 1e-6, "120 sent over 2 s");
        assertEquals(75, vm.targetRateProperty().get(), 1e-6, "150 scheduled over 2 s");
        assertEquals(60, vm.acceptedRateProperty().get(), 1e-6);

        vm.attach(m::snapshot);
        assertFalse(vm.endedProperty().get(), "a new run is followed live again");
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
        assertEquals(List.of("greedy admitted (2xx)", "greedy rejected (429)"),
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

    /** {@code admitted + rejected} first attempts of one client, the first {@code admitted} answered 200. */
    private static void client(RunMetrics m, int group, int client, int admitted, int rejected) {
        for (int i = 0; i < admitted + rejected; i++) {
            m.count(group, CountedColumn.SENT);
            m.countClientOffered(group, client);
            CountedColumn o = i < admitted ? CountedColumn.STATUS_200 : CountedColumn.STATUS_429;
            m.count(group, o);
            m.countClientAnswer(group, client, o);
        }
    }

    @Test
    void topClientsAreTheTwentyBusiestByOfferedWithTheirAdmittedShare() {
        // polite: 30 clients, client c offers c + 1 requests and gets all through; greedy: 2 clients
        RunMetrics m = new RunMetrics(List.of("polite", "greedy"), ClientRoster.of(new int[]{30, 2},
                (g, c) -> (g == 0 ? "10.0.0." : "10.0.1.") + c), 0, 10);
        for (int c = 0; c < 30; c++) {
            client(m, 0, c, c + 1, 0);
        }
        client(m, 1, 0, 10, 90);    // 100 offered, 10 admitted
        client(m, 1, 1, 5, 25);     // 30 offered: ties with polite 10.0.0.29, which comes first (group order)
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        m.sample(100 * MS);
        vm.pull();
        assertTrue(vm.topClients().isEmpty(), "clients are ranked when the first second closes");
        assertEquals(TopClients.NO_CLIENTS, vm.topClientsCaptionProperty().get());
        for (int t = 2; t <= 10; t++) {
            m.sample(t * 100 * MS);
        }
        vm.pull();

        assertEquals(TopClients.SHOWN, vm.topClients().size());
        assertEquals(new ClientRow("10.0.1.0", "greedy", 100, 10, 90, 10.0), vm.topClients().get(0));
        assertEquals(List.of("10.0.1.0", "10.0.0.29", "10.0.1.1", "10.0.0.28", "10.0.0.27"),
                vm.topClients().subList(0, 5).stream().map(ClientRow::key).toList());
        ClientRow third = vm.topClients().get(2);
        assertEquals(List.of("10.0.1.1", "greedy", 30L, 5L, 25L), List.of(third.key(), third.group(), third.offered(),
                third.admitted(), third.rejected()));
        assertEquals(100.0 / 6, third.admittedPercent(), 1e-9);
        assertEquals("10.0.0.12", vm.topClients().get(19).key(), "the 20th: 18 polite clients after the two greedy");
        // all 32: (30 + 0.1 + 1/6)² / (32 · (30 + 0.01 + 1/36)) = 0.95304
        assertEquals("20 of 32 clients · fairness over all 0.953",
                vm.topClientsCaptionProperty().get());
    }
    @Test
    void theTableCanRankTheLeastServedFirstInstead() {
        RunMetrics m = new RunMetrics(List.of("polite", "greedy"), ClientRoster.of(new int[]{30, 2},
                (g, c) -> (g == 0 ? "10.0.0." : "10.0.1.") + c), 0, 10);
        for (int c = 0; c < 30; c++) {
            client(m, 0, c, c + 1, 0);   // all through; clients 0..3 offer under 5 and are not ranked
        }
        client(m, 1, 0, 10, 90);
        client(m, 1, 1, 5, 25);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        for (int t = 1; t <= 10; t++) {
            m.sample(t * 100 * MS);
        }
        vm.pull();
        assertEquals("10.0.1.0", vm.topClients().get(0).key());

        vm.clientRankingProperty().set(ClientRanking.LEAST_SERVED);

        assertEquals(List.of("10.0.1.0", "10.0.1.1", "10.0.0.29"), vm.topClients().subList(0, 3).stream()
                .map(ClientRow::key).toList(), "10% and 17% first, then the fully served, busiest first");
        assertTrue(vm.topClientsCaptionProperty().get().startsWith("20 of 32 clients · fairness over all "),
                vm.topClientsCaptionProperty().get());
        vm.clientRankingProperty().set(ClientRanking.BUSIEST);
        assertTrue(vm.topClientsCaptionProperty().get().startsWith("20 of 32 clients · fairness over all "));
    }


    @Test
    void eachGroupsFairnessIsJainsIndexOfItsClientsAdmittedShares() {
        RunMetrics m = new RunMetrics(List.of("even", "uneven", "idle"), ClientRoster.of(new int[]{2, 4, 1},
                (g, c) -> g + "-" + c), 0, 10);
        client(m, 0, 0, 3, 1);      // share 0.75
        client(m, 0, 1, 30, 10);    // share 0.75: more demand, same share, perfectly fair
        client(m, 1, 0, 4, 0);      // 1
        client(m, 1, 1, 4, 0);      // 1
        client(m, 1, 2, 0, 4);      // 0
        client(m, 1, 3, 0, 4);      // 0
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        m.finish(50 * MS);
        vm.pull();

        assertEquals(1.0, vm.groupRows().get(0).fairness(), 1e-12);
        // (1 + 1 + 0 + 0)² / (4 · (1 + 1)) = 4 / 8: half the clients starved
        assertEquals(0.5, vm.groupRows().get(1).fairness(), 1e-12);
        assertTrue(Double.isNaN(vm.groupRows().get(2).fairness()), "no client of 'idle' sent anything");
        // all six: (0.75 + 0.75 + 1 + 1)² / (6 · (0.5625 · 2 + 2)) = 12.25 / 18.75
        assertTrue(vm.topClientsCaptionProperty().get().endsWith(String.format(java.util.Locale.ROOT, "%.3f",
                12.25 / 18.75)), vm.topClientsCaptionProperty().get());

        vm.attach(RunMetrics.single(0)::snapshot);
        assertTrue(vm.topClients().isEmpty(), "a new run starts with an empty table");
        assertEquals(TopClients.NO_CLIENTS, vm.topClientsCaptionProperty().get());
    }

    /**
     * Issue 21: every property set makes the renderer paint, and it shares the CPU with the load. Ten snapshots a
     * second show as one update, charts and numbers together; unchanged rows are kept.
     */
    @Test
    void showsNewNumbersOnceASecondAndChangesNothingBetween() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        assertTrue(vm.pull(), "the first snapshot at once");
        int[] rateSets = {0};
        int[] percentileSets = {0};
        int[] latencySets = {0};
        int[] rowChanges = {0};
        vm.ratesProperty().addListener((obs, o, n) -> rateSets[0]++);
        vm.percentilesProperty().addListener((obs, o, n) -> percentileSets[0]++);
        vm.latencyProperty().addListener((obs, o, n) -> latencySets[0]++);
        vm.groupRows().addListener((javafx.collections.ListChangeListener<GroupRow>) c -> rowChanges[0]++);
        int applied = 0;
        for (int t = 1; t <= 30; t++) {
            interval(m, 0, 10, 0);
            m.sample(t * 100 * MS);
            for (int frame = 0; frame < 6; frame++) {    // about six frames per 100 ms sample
                applied += vm.pull() ? 1 : 0;
            }
        }
        assertEquals(3, applied, "3 s of snapshots, shown at 1, 2 and 3 s");
        assertEquals(3, rateSets[0]);
        assertEquals(3, percentileSets[0], "one per closed second");
        assertTrue(latencySets[0] <= 3, "at most once a second (an unchanged distribution fires nothing)");
        assertEquals(3, rowChanges[0]);
        assertEquals(300, vm.offeredProperty().get());

        // nothing new: nothing changes, however many frames pass
        m.sample(3100 * MS);
        m.sample(4000 * MS);
        assertTrue(vm.pull());
        int rowsBefore = rowChanges[0];
        m.sample(5000 * MS);
        assertTrue(vm.pull());
        assertEquals(rowsBefore, rowChanges[0], "rows equal to the shown ones are not replaced");
    }

    @Test
    void theLastSnapshotOfARunIsShownAtOnce() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        vm.pull();
        interval(m, 0, 7, 0);
        m.sample(100 * MS);
        assertFalse(vm.pull(), "100 ms after the one shown: not yet");
        interval(m, 0, 3, 0);
        m.finish(150 * MS);
        assertTrue(vm.pull(), "the final snapshot");
        assertEquals(10, vm.offeredProperty().get());
    }

    /** Issue 21: each swap of the limiter during a run is a marker on both charts over time, with its settings. */
    @Test
    void limiterSwapsAreMarkedOnTheChartsOverTime() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        LiveViewModel vm = new LiveViewModel();
        vm.attach(m::snapshot);
        for (int t = 1; t <= 20; t++) {
            interval(m, 0, 5, 0);
            m.sample(t * 100 * MS);
        }
        vm.pull();
        io.ratelab.limit.LimiterSpec tb = io.ratelab.limit.LimiterSpec.of(io.ratelab.limit.Algorithm.TOKEN_BUCKET,
                io.ratelab.limit.Rate.perSecond(20), 40L).withName("token bucket");
        io.ratelab.limit.LimiterSpec gcra = io.ratelab.limit.LimiterSpec.of(io.ratelab.limit.Algorithm.GCRA,
                io.ratelab.limit.Rate.perSecond(20), 40L).withName("gcra");
        vm.showLimiterChanges(List.of(new io.ratelab.report.RunReport.LimiterChange(0, tb),
                new io.ratelab.report.RunReport.LimiterChange(1.25, gcra)));
        for (ChartData d : List.of(vm.ratesProperty().get(), vm.percentilesProperty().get())) {
            assertEquals(1, d.markers().size(), "the first limiter is no swap");
            assertEquals(1.25, d.markers().get(0).x(), 1e-9);
            assertEquals("→ gcra", d.markers().get(0).label());
            assertEquals("1.3 s: the proxy switched to 'gcra': gcra 20/s, burst 40", d.markers().get(0).detail());
        }
        for (int t = 21; t <= 30; t++) {
            interval(m, 0, 5, 0);
            m.sample(t * 100 * MS);
        }
        vm.pull();
        assertEquals(1, vm.ratesProperty().get().markers().size(), "new points keep the marker");
        vm.attach(RunMetrics.single(0)::snapshot);
        vm.pull();
        assertTrue(vm.ratesProperty().get().markers().isEmpty(), "a new run starts without the old swaps");
    }
}
