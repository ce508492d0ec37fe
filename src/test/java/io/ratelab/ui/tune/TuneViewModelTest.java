package io.ratelab.ui.tune;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.tune.Target;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Tune tab's logic without the FX toolkit: inputs from the scenario, a run, rows, chart, Apply, Export, errors. */
class TuneViewModelTest {

    private static final Path DIR = Path.of("simulations");
    private static final Scenario API = Scenario.read(DIR.resolve("tune-api.yaml"));
    private final List<ScenarioLimiter> applied = new ArrayList<>();
    private final List<ScenarioLimiter> exported = new ArrayList<>();
    private final List<Runnable> queued = new ArrayList<>();

    private TuneViewModel model(Executor background) {
        TuneViewModel vm = new TuneViewModel(() -> API, () -> DIR, background, Runnable::run, applied::add,
                exported::add);
        vm.loadObjectives(API);
        return vm;
    }

    @Test
    void inputsComeFromTheTuneSection() {
        TuneViewModel vm = model(Runnable::run);
        assertEquals("99.9%", vm.spareProperty().get());
        assertEquals("clients", vm.spareOfProperty().get());
        assertEquals("1200/s", vm.maxRateProperty().get());
        assertEquals("1.2", vm.growthProperty().get());
    }

    @Test
    void aTuningFillsRowsChartAndWhyAndApplyAndExportHandOverTheRecommendation() {
        TuneViewModel vm = model(Runnable::run);
        vm.targetProperty().set(Target.HAPROXY);
        vm.tune();
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.rows().size() >= 20);
        assertTrue(vm.rows().stream().anyMatch(CandidateRow::pareto));
        assertTrue(vm.chartProperty().get().series().size() >= 5, "a line per spare level and the recommendation");
        assertTrue(vm.chartProperty().get().series().get(vm.chartProperty().get().series().size() - 1).name()
                .startsWith("recommended haproxy"));
        assertTrue(vm.whyProperty().get().contains("spares"));
        assertTrue(vm.statusProperty().get().startsWith("Recommended: haproxy"), vm.statusProperty().get());
        vm.applyRecommendation();
        vm.exportRecommendation();
        assertEquals(1, applied.size());
        assertEquals("tuned haproxy", applied.get(0).name());
        assertNull(applied.get(0).key(), "tuned for the scenario's own key rule");
        assertEquals(applied, exported);
    }

    @Test
    void cancelStopsARunningTuning() {
        TuneViewModel vm = model(queued::add);
        vm.tune();
        assertTrue(vm.runningProperty().get());
        vm.cancel();
        queued.forEach(Runnable::run);
        assertFalse(vm.runningProperty().get());
        assertEquals("Cancelled.", vm.statusProperty().get());
        assertNull(vm.resultProperty().get());
    }

    @Test
    void aBadInputIsSaidAndNothingRuns() {
        TuneViewModel vm = model(queued::add);
        vm.spareProperty().set("150%");
        vm.tune();
        assertFalse(vm.runningProperty().get());
        assertTrue(queued.isEmpty());
        assertEquals("spare.share: must be above 0% and at most 100%, got 150%", vm.errorProperty().get());
    }
}
