package io.ratelab.ui.trace;

import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Simulate" on the open trace, without the toolkit (a direct executor): nothing starts without a trace, the first
 * limiter stands in for an unknown name, and reading another trace clears the result of the one before.
 */
class TraceSimulationViewModelTest {

    private static final Path TUESDAY = Path.of("simulations/traces/tuesday.log");

    private final TraceViewModel trace = new TraceViewModel(Runnable::run);
    private final TraceSimulationViewModel sim = trace.simulation();
    private final Scenario current = Scenario.read(Path.of("simulations/trace-tuesday.yaml"));

    @Test
    void nothingStartsBeforeATraceIsRead() {
        assertFalse(sim.simulate(current, current.limiters().get(0).name()));
        assertFalse(sim.simulatingProperty().get());
        assertEquals("", sim.textProperty().get());
        assertSame(TraceCharts.EMPTY_SIMULATION, sim.chartProperty().get());
    }

    @Test
    void anUnknownLimiterNameSimulatesTheFirstAndAnotherReadClearsTheResult() {
        trace.open(TUESDAY);
        assertTrue(trace.pull());
        assertTrue(sim.simulate(current, "no such limiter"));
        assertTrue(sim.simulatingProperty().get(), "simulating until the frame takes the result");
        assertTrue(trace.pull());
        assertFalse(sim.simulatingProperty().get());
        String first = current.limiters().get(0).name();
        assertTrue(sim.textProperty().get().startsWith("'" + first + "' ("), sim.textProperty().get());
        assertEquals(3, sim.chartProperty().get().series().size());

        assertTrue(trace.reload());
        assertTrue(trace.pull());
        assertEquals("", sim.textProperty().get(), "the result was of the trace as read before");
        assertSame(TraceCharts.EMPTY_SIMULATION, sim.chartProperty().get());
    }
}
