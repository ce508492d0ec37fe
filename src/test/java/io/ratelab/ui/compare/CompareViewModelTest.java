package io.ratelab.ui.compare;

import io.ratelab.report.plot.ChartSeries;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compare mode's logic with the real simulator, run synchronously, without the FX toolkit. */
class CompareViewModelTest {

    private static final String SCENARIO = String.join("\n",
            "name: two buckets", "duration: 20s", "seed: 7", "key: global",
            "limiters:",
            "  - {name: tight, algorithm: token-bucket, rate: 10/s, burst: 5}",
            "  - {name: loose, algorithm: token-bucket, rate: 40/s, burst: 40}",
            "  - {name: window, algorithm: fixed-window, rate: 20/s}",
            "traffic:",
            "  - {name: flood, clients: 1, arrival: {process: constant, rate: 50/s}}");

    private static Scenario scenario() {
        return Scenario.parse(SCENARIO, "test", FileFormats.yaml(), Path.of("."));
    }

    @Test
    void simulatesTheChosenLimitersAndOverlaysOneLineEach() throws Exception {
        CompareViewModel vm = new CompareViewModel(Runnable::run);
        Scenario s = scenario();
        vm.syncChoices(s.limiters().stream().map(ScenarioLimiter::name).toList());
        assertTrue(vm.canRunProperty().get());
        vm.choices().get(2).chosenProperty().set(false);
        assertTrue(vm.run(s, Path.of(".")));
        assertTrue(vm.pull(), "the direct executor finished at once");
        assertEquals(List.of("tight", "loose"), vm.admittedProperty().get().series().stream()
                .map(ChartSeries::name).toList());
        assertEquals(100, vm.admittedProperty().get().series().get(0).size(), "20 s in steps of 200 ms");
        assertEquals(2, vm.rejectedProperty().get().series().size());
        assertEquals(2, vm.latencyProperty().get().series().size());
        assertEquals(2, vm.rows().size());
        CompareRow tight = vm.rows().get(0);
        assertEquals(1000, tight.offered(), "50/s for 20 s");
        assertEquals(5 + 10 * 20, tight.admitted(), 1.0, "burst + rate x T, within one request");
        SimulationResult direct = Simulator.run(new Scenario(s.name(), s.duration(), s.seed(), s.key(),
                s.limiters().subList(0, 2), s.traffic(), s.upstream()), Path.of("."), null);
        assertEquals(FileFormats.json().writeValueAsString(direct), FileFormats.json().writeValueAsString(vm.result()),
                "the same result the simulator gives directly");
        assertEquals(1.0, vm.progressProperty().get());
    }

    @Test
    void aLimiterRunLiveShowsItsMeasurementBesideItsPrediction() {
        CompareViewModel vm = new CompareViewModel(Runnable::run);
        Scenario s = scenario();
        vm.syncChoices(s.limiters().stream().map(ScenarioLimiter::name).toList());
        vm.recordLive("loose", new LiveMeasurement(79.5, 1.25, 12));
        assertTrue(vm.run(s, Path.of(".")));
        vm.pull();
        CompareRow tight = vm.rows().get(0);
        CompareRow loose = vm.rows().get(1);
        assertTrue(Double.isNaN(tight.liveAdmittedPercent()) && Double.isNaN(tight.liveP99Millis()),
                "not run live: no measurement");
        assertEquals(79.5, loose.liveAdmittedPercent());
        assertEquals(1.25, loose.liveP99Millis());
        vm.recordLive("tight", new LiveMeasurement(20.5, 3.0, 20));
        assertEquals(20.5, vm.rows().get(0).liveAdmittedPercent(), "a later live run shows at once");
    }

    @Test
    void needsTwoToSixChoices() {
        CompareViewModel vm = new CompareViewModel(Runnable::run);
        vm.syncChoices(List.of("a", "b", "c", "d", "e", "f", "g"));
        assertEquals(6, vm.choices().stream().filter(c -> c.chosenProperty().get()).count(), "six picked at most");
        assertTrue(vm.canRunProperty().get());
        vm.choices().get(6).chosenProperty().set(true);
        assertFalse(vm.canRunProperty().get());
        assertTrue(vm.messageProperty().get().contains("at most 6"));
        vm.choices().forEach(c -> c.chosenProperty().set(false));
        vm.choices().get(0).chosenProperty().set(true);
        assertFalse(vm.canRunProperty().get());
        assertFalse(vm.run(scenario(), Path.of(".")));
        vm.syncChoices(List.of("a", "b", "z"));
        assertEquals(List.of(true, false, true), vm.choices().stream().map(c -> c.chosenProperty().get()).toList(),
                "a keeps its pick, b its un-pick, the new z is picked");
    }

    @Test
    void withReplicasEachLimiterShowsAsNLocalAndSharedSideBySide() throws Exception {
        Scenario s = Scenario.parse(SCENARIO.replace("key: global", "key: global\nreplicas: 3"), "test",
                FileFormats.yaml(), Path.of("."));
        CompareViewModel vm = new CompareViewModel(Runnable::run);
        vm.syncChoices(s.limiters().stream().map(ScenarioLimiter::name).toList());
        vm.choices().get(2).chosenProperty().set(false);
        assertTrue(vm.run(s, Path.of(".")));
        assertTrue(vm.pull());
        assertEquals(List.of("tight (3 local)", "tight (shared)", "loose (3 local)", "loose (shared)"),
                vm.admittedProperty().get().series().stream().map(ChartSeries::name).toList());
        assertEquals(List.of("tight", "tight", "loose", "loose"), vm.rows().stream().map(CompareRow::limiter).toList(),
                "'Use live' sends the scenario's limiter");
        assertEquals(3.0, (double) vm.rows().get(0).admitted() / vm.rows().get(1).admitted(), 0.1,
                "three local buckets let three times through");
    }

    /** Issue 21 item 3: results of another scenario, or of this one before an edit, say so until run again. */
    @Test
    void resultsBecomeStaleUntilTheNextComparison() {
        java.util.List<Runnable> pending = new java.util.ArrayList<>();
        CompareViewModel vm = new CompareViewModel(pending::add);
        Scenario s = scenario();
        vm.syncChoices(s.limiters().stream().map(ScenarioLimiter::name).toList());
        vm.markStale("from the previous scenario");
        assertFalse(vm.staleProperty().get(), "nothing shown, nothing stale");

        assertTrue(vm.run(s, Path.of(".")));
        pending.remove(0).run();
        assertTrue(vm.pull());
        assertFalse(vm.staleProperty().get());
        vm.markStale("from the previous scenario");
        assertTrue(vm.staleProperty().get());
        assertEquals("These results are from the previous scenario — run the comparison again (Ctrl+M)",
                vm.messageProperty().get());

        assertTrue(vm.run(s, Path.of(".")));
        pending.remove(0).run();
        assertTrue(vm.pull());
        assertFalse(vm.staleProperty().get(), "a new comparison is current");

        assertTrue(vm.run(s, Path.of(".")));
        vm.markStale("of the scenario before your edit");     // edited while it simulates
        pending.remove(0).run();
        assertTrue(vm.pull());
        assertTrue(vm.staleProperty().get(), "it simulated the scenario before the edit");
        assertTrue(vm.messageProperty().get().startsWith("These results are of the scenario before your edit"));
    }

    /** Issue 21 item 7: a limiter keeps its colour whichever limiters a comparison includes. */
    @Test
    void aLimiterKeepsItsColourAcrossComparisons() {
        CompareViewModel vm = new CompareViewModel(Runnable::run);
        Scenario s = scenario();
        vm.syncChoices(s.limiters().stream().map(ScenarioLimiter::name).toList());
        assertTrue(vm.run(s, Path.of(".")));
        vm.pull();
        java.util.Map<String, io.ratelab.report.plot.SeriesColor> first = colours(vm);
        assertEquals(3, new java.util.HashSet<>(first.values()).size(), "three different colours: " + first);

        vm.choices().get(0).chosenProperty().set(false);      // without "tight": "loose" was second, now first
        assertTrue(vm.run(s, Path.of(".")));
        vm.pull();
        java.util.Map<String, io.ratelab.report.plot.SeriesColor> second = colours(vm);
        assertEquals(first.get("loose"), second.get("loose"));
        assertEquals(first.get("window"), second.get("window"));
        for (var chart : List.of(vm.rejectedProperty().get(), vm.latencyProperty().get())) {
            for (ChartSeries series : chart.series()) {
                assertEquals(first.get(series.name()), series.color(), "the same colour in every chart");
            }
        }
    }

    private static java.util.Map<String, io.ratelab.report.plot.SeriesColor> colours(CompareViewModel vm) {
        java.util.Map<String, io.ratelab.report.plot.SeriesColor> m = new java.util.HashMap<>();
        vm.admittedProperty().get().series().forEach(x -> m.put(x.name(), x.color()));
        return m;
    }

    /**
     * Issue 21 item 8: the table shows what {@code simulate} prints — key, peak admitted per window, max latency,
     * upstream utilisation, groups under each limiter on request — and marks each column's best value.
     */
    @Test
    void rowsCarryWhatSimulatePrintsGroupsExpandAndTheBestIsMarked() {
        CompareViewModel vm = new CompareViewModel(Runnable::run);
        Scenario s = scenario();
        vm.syncChoices(s.limiters().stream().map(ScenarioLimiter::name).toList());
        assertTrue(vm.run(s, Path.of(".")));
        vm.pull();
        CompareRow tight = vm.rows().get(0);
        assertEquals("global", tight.key());
        io.ratelab.sim.LimiterResult l = vm.result().limiters().get(0);
        assertEquals(String.format(java.util.Locale.ROOT, "%,d / %d s", l.peakAdmittedPerWindow(),
                l.windowSeconds()), tight.peakPerWindow());
        assertEquals(l.latencyMs().max(), tight.maxMillis(), 1e-9);
        assertEquals(100 * l.upstream().utilisation(), tight.upstreamPercent(), 1e-9);
        assertEquals(3, vm.rows().size(), "groups hidden at first");

        vm.toggleGroups("loose");
        assertEquals(List.of("tight", "loose", "flood", "window"), vm.rows().stream().map(CompareRow::name).toList());
        CompareRow flood = vm.rows().get(2);
        assertTrue(flood.isGroup());
        assertEquals("1 client", flood.algorithm());
        assertEquals(vm.rows().get(1).offered(), flood.offered(), "one group: all of the limiter's traffic");
        vm.toggleGroups("loose");
        assertEquals(3, vm.rows().size());

        // fairness: highest is best; polite rejections: lowest; a group row is never marked
        double bestFairness = vm.rows().stream().mapToDouble(r -> CompareViewModel.shown(r.fairness())).max()
                .orElseThrow();
        boolean distinct = vm.rows().stream().mapToDouble(r -> CompareViewModel.shown(r.fairness())).distinct()
                .count() > 1;
        for (CompareRow r : vm.rows()) {
            assertEquals(distinct && CompareViewModel.shown(r.fairness()) == bestFairness,
                    vm.isBest(CompareViewModel.Best.FAIRNESS, r), r.toString());
        }
        assertEquals(19.9, CompareViewModel.shown(19.93), 1e-12);
        assertEquals(CompareViewModel.shown(19.88), CompareViewModel.shown(19.93), "both read 19.9: neither best");
        assertFalse(vm.isBest(CompareViewModel.Best.P99, flood));
        assertTrue(CompareViewModel.Best.legend().contains("lowest retries, p50, p99, max latency"),
                CompareViewModel.Best.legend());
    }
}
