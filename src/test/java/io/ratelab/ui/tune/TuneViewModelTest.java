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

    /** Every key of the tune: section is an input; a valid edit is written back whole, an invalid one is said. */
    @Test
    void everyObjectiveIsEditableValidatedAndWrittenBack() {
        List<io.ratelab.scenario.TuneSpec> written = new ArrayList<>();
        TuneViewModel vm = new TuneViewModel(() -> API, () -> DIR, Runnable::run, Runnable::run, applied::add,
                exported::add, written::add, (s, d) -> null);
        vm.loadObjectives(API);
        assertEquals(List.of(), written, "loading is not an edit");
        TuneObjectives o = vm.objectives();
        assertEquals("all", o.legitimateProperty().get());
        assertEquals("2", o.attackClientsProperty().get());
        assertEquals("100/s", o.attackRateProperty().get());
        assertEquals("1", o.replicasProperty().get());

        o.spareProperty().set("99%");
        o.spareOfProperty().set("requests");
        o.legitimateProperty().set("browsers, mobile");
        o.excludeAboveProperty().set("20/s");
        o.utilisationProperty().set("80%");
        o.p99Property().set("250ms");
        o.maxRateProperty().set("900/s");
        o.growthProperty().set("1.5");
        o.replicasProperty().set("3");
        io.ratelab.scenario.TuneSpec t = written.get(written.size() - 1);
        assertEquals(new io.ratelab.scenario.TuneSpec(new io.ratelab.scenario.TuneSpec.Spare(0.99, "requests"),
                new io.ratelab.scenario.TuneSpec.Legitimate(List.of("browsers", "mobile"),
                        io.ratelab.limit.Rate.parse("20/s")),
                new io.ratelab.scenario.TuneSpec.Protect(io.ratelab.limit.Rate.parse("900/s"), 0.8,
                        java.time.Duration.ofMillis(250)),
                new io.ratelab.scenario.TuneSpec.Attack(2, io.ratelab.limit.Rate.parse("100/s"), null), 1.5, 3), t);
        assertEquals("", vm.errorProperty().get());

        int before = written.size();
        o.attackGroupProperty().set("mobile");
        assertEquals("attack: either a group's name or clients at a rate, not both", vm.errorProperty().get());
        o.attackClientsProperty().set("");
        o.attackRateProperty().set("");
        assertEquals("tune: attack group 'mobile' cannot be both the attack and legitimate", vm.errorProperty().get());
        o.legitimateProperty().set("browsers");
        assertEquals("", vm.errorProperty().get());
        assertEquals(new io.ratelab.scenario.TuneSpec.Attack(null, null, "mobile"), written.get(written.size() - 1)
                .attack());
        o.legitimateProperty().set("nobody");
        assertTrue(vm.errorProperty().get().startsWith("tune: legitimate names no traffic group [nobody]"),
                vm.errorProperty().get());
        o.legitimateProperty().set("all");
        int valid = written.size();
        o.p99Property().set("soon");
        assertTrue(vm.errorProperty().get().startsWith("protect.p99: "), vm.errorProperty().get());
        o.p99Property().set("");
        o.replicasProperty().set("two");
        assertEquals("replicas: 'two' is not a whole number", vm.errorProperty().get());
        o.replicasProperty().set("1");
        o.growthProperty().set("0.5");
        assertTrue(vm.errorProperty().get().startsWith("growth: must be from 1"), vm.errorProperty().get());
        o.growthProperty().set("1");
        o.maxRateProperty().set("fast");
        assertTrue(vm.errorProperty().get().startsWith("protect.maxRate: "), vm.errorProperty().get());
        assertEquals(valid + 3, written.size(), "only the valid edits are written (p99, replicas and growth mended)");
        assertTrue(written.size() > before);
    }

    /** A window algorithm can be picked when deploying on RateLab; the chart then plots N per window against N/W. */
    @Test
    void aWindowAlgorithmIsTunedAndChartedByItsWindows() {
        TuneViewModel vm = model(Runnable::run);
        vm.targetProperty().set(Target.NGINX);
        assertEquals(List.of(TuneViewModel.DEFAULT_ALGORITHM), vm.algorithms());
        vm.targetProperty().set(Target.RATELAB);
        assertTrue(vm.algorithms().containsAll(List.of("fixed-window", "sliding-log", "sliding-window")));
        vm.algorithmProperty().set("sliding-log");
        vm.tune();
        assertEquals("", vm.errorProperty().get());
        assertEquals(io.ratelab.limit.Algorithm.SLIDING_LOG,
                vm.resultProperty().get().recommended().spec().algorithm());
        io.ratelab.report.plot.ChartData c = vm.chartProperty().get();
        assertEquals("limit N per window", c.yLabel());
        assertTrue(c.xLabel().startsWith("rate N / W"), c.xLabel());
        vm.targetProperty().set(Target.HAPROXY);
        assertEquals(TuneViewModel.DEFAULT_ALGORITHM, vm.algorithmProperty().get(), "haproxy expresses its own only");
    }
}
