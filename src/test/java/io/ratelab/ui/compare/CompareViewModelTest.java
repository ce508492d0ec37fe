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
        assertEquals(20, vm.admittedProperty().get().series().get(0).size(), "one point per simulated second");
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
}
