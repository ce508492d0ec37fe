package io.ratelab.ui.trace;

import io.ratelab.export.VerificationReport;
import io.ratelab.report.plot.ChartData;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace view's "Compare with what the engine decided" without the FX toolkit (direct executor, then
 * {@link TraceViewModel#pull()}): on the curated shadow recording the selected limiter agrees request by request,
 * the mis-set one differs, the chart shows rejections per second predicted against recorded, a trace without
 * decisions says why, and opening another trace clears the result.
 */
class EngineCheckViewModelTest {

    private static final Path LOOP = Path.of("simulations/shadow-loop.yaml");
    private static final Path RECORDING = Path.of("simulations/traces/shadow-recording.jsonl");

    private final TraceViewModel vm = new TraceViewModel(Runnable::run);

    @Test
    void theSelectedLimiterAgreesWithTheRecordingAndAMisSetOneDoesNot() {
        Scenario loop = Scenario.read(LOOP);
        vm.open(RECORDING);
        vm.pull();
        assertTrue(vm.loadedProperty().get());
        EngineCheckViewModel check = vm.engineCheck();
        assertTrue(vm.verify(loop, "api"));
        assertTrue(vm.pull());
        assertFalse(check.checkingProperty().get());
        VerificationReport r = check.reportProperty().get();
        assertTrue(r.agrees(), r.text());
        assertEquals(587, r.compared());
        assertEquals(171, r.observedRejected());
        assertTrue(check.textProperty().get().contains("agree: every one of the 587 requests"),
                check.textProperty().get());
        ChartData chart = check.chartProperty().get();
        assertEquals(2, chart.series().size());
        assertEquals(r.seconds().size(), chart.series().get(0).size());
        double predicted = 0;
        for (int i = 0; i < chart.series().get(0).size(); i++) {
            predicted += chart.series().get(0).y()[i];
        }
        assertEquals(171, (long) predicted, "the chart counts every predicted rejection once");

        assertTrue(vm.verify(loop, "api, burst 5"));
        vm.pull();
        assertFalse(check.reportProperty().get().agrees());
        assertTrue(check.textProperty().get().contains("differ: 5 requests"), check.textProperty().get());

        vm.open(Path.of("simulations/traces/tuesday.log"));
        assertNull(check.reportProperty().get(), "another trace clears the comparison");
        assertEquals("", check.textProperty().get());
    }

    @Test
    void aTraceWithoutDecisionsSaysWhy(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.jsonl"), "{\"ts\":1732400000,\"key\":\"a\"}\n");
        vm.open(plain);
        vm.pull();
        assertTrue(vm.verify(Scenario.read(LOOP), "api"));
        vm.pull();
        assertTrue(vm.engineCheck().textProperty().get().startsWith("Cannot compare: format: jsonl records no"
                + " limiter decisions"), vm.engineCheck().textProperty().get());
        assertEquals(EngineCheckViewModel.EMPTY, vm.engineCheck().chartProperty().get());
    }
}
