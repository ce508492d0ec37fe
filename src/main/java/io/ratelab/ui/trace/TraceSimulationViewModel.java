package io.ratelab.ui.trace;

import io.ratelab.report.plot.ChartData;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.sim.LimiterResult;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The trace view's "Simulate": the selected limiter of the scenario on the open trace, through the deterministic
 * simulator in virtual time — a one-line result and a chart of offered, admitted and rejected requests per second of
 * replay. The trace itself (reading, speed, the scenario on it) is the {@link TraceViewModel}'s. The simulation runs
 * on the trace view's worker and publishes through a volatile; {@link #pull()} takes it once per frame. FX thread
 * only; no JavaFX nodes.
 */
public final class TraceSimulationViewModel {

    private final TraceViewModel trace;
    private final Executor worker;
    private final ReadOnlyBooleanWrapper simulating = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ChartData> chart = new SimpleObjectProperty<>(TraceCharts.EMPTY_SIMULATION);
    private volatile Object outcome;
    private long generation;

    /** Simulates on {@code trace}'s open trace, on {@code worker}. */
    TraceSimulationViewModel(TraceViewModel trace, Executor worker) {
        this.trace = trace;
        this.worker = worker;
    }

    /**
     * Simulates {@code limiterName} of {@code current} (the first limiter when none has that name) on the trace, in
     * the background.
     *
     * @return false when nothing was started: no trace is loaded, or a simulation runs
     */
    public boolean simulate(Scenario current, String limiterName) {
        if (!trace.loadedProperty().get() || simulating.get() || current == null) {
            return false;
        }
        List<ScenarioLimiter> chosen = current.limiters().stream().filter(l -> l.name().equals(limiterName)).toList();
        Scenario s = trace.onTrace(current, chosen.isEmpty() ? current.limiters().subList(0, 1) : chosen);
        long gen = ++generation;
        simulating.set(true);
        outcome = null;
        text.set("Simulating '" + s.limiters().get(0).name() + "' on the trace at " + trace.speedText() + "…");
        worker.execute(() -> {
            Object o;
            try {
                o = new Simulated(Simulator.run(s, null, (i, f) -> { }), gen);
            } catch (RuntimeException e) {
                o = new Failed(e, gen);
            }
            outcome = o;
        });
        return true;
    }

    /** Another trace was read: the result shown was of the one before. */
    void clear() {
        chart.set(TraceCharts.EMPTY_SIMULATION);
        text.set("");
    }

    /** Takes a finished simulation, once per frame; true when something new arrived. */
    boolean pull() {
        Object o = outcome;
        if (o == null) {
            return false;
        }
        outcome = null;
        if (o instanceof Simulated r && r.generation == generation) {
            simulating.set(false);
            LimiterResult l = r.result.limiters().get(0);
            chart.set(TraceCharts.simulation(l));
            text.set(String.format(Locale.ROOT,
                    "'%s' (%s) at %s: offered %,d, admitted %,d (%.1f%%), rejected %,d; p99 %.1f ms",
                    l.name(), l.algorithm(), trace.speedText(), l.offered(), l.admitted(),
                    l.offered() == 0 ? 0 : 100.0 * l.admitted() / l.offered(), l.rejected(), l.latencyMs().p99()));
            return true;
        }
        if (o instanceof Failed f && f.generation == generation) {
            simulating.set(false);
            text.set("The simulation failed: " + f.error.getMessage());
            return true;
        }
        return false;
    }

    public ReadOnlyBooleanProperty simulatingProperty() {
        return simulating.getReadOnlyProperty();
    }

    /** The last simulation's one-line result, or progress. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** Offered, admitted and rejected per second of replay. */
    public ObjectProperty<ChartData> chartProperty() {
        return chart;
    }

    private record Simulated(SimulationResult result, long generation) {
    }

    private record Failed(RuntimeException error, long generation) {
    }
}
