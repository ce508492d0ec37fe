package io.ratelab.ui.compare;

import io.ratelab.report.ComparisonReport;
import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Compare mode: pick 2 to 6 of the scenario's limiters, simulate them on the same traffic (the simulator, in virtual
 * time, on a background thread), and show their overlaid curves and a summary table.
 *
 * <p>Threading: {@link #run} hands the work to the thread {@code ratelab-sim}, which only publishes its progress and
 * result through volatiles; the frame pump calls {@link #pull()} once per frame to take them. FX thread only.
 */
public final class CompareViewModel {

    public static final int MIN_CHOSEN = 2;
    public static final int MAX_CHOSEN = 6;

    private final ObservableList<CompareChoice> choices = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ChartData> admitted = new SimpleObjectProperty<>(
            ComparisonReport.empty("admitted requests / s", AxisKind.LINEAR,
                    "Pick 2 to 6 limiters and press Compare (Ctrl+M)"));
    private final ObjectProperty<ChartData> rejected = new SimpleObjectProperty<>(
            ComparisonReport.empty("rejected requests / s", AxisKind.LINEAR, "Rejections per second appear here"));
    private final ObjectProperty<ChartData> latency = new SimpleObjectProperty<>(
            ComparisonReport.empty("latency", AxisKind.PERCENTILE, "Latency of admitted requests appears here"));
    private final ObservableList<CompareRow> rows = FXCollections.observableArrayList();
    /** What each limiter measured the last time it ran live in this window, by limiter name. */
    private final Map<String, LiveMeasurement> measured = new HashMap<>();
    private final Executor simulator;
    private volatile double published;
    private volatile Object outcome;
    private SimulationResult result;
    private long generation;

    /** Simulates on the daemon thread {@code ratelab-sim}. */
    public CompareViewModel() {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ratelab-sim");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Simulates on {@code simulator} (tests pass a direct executor). */
    public CompareViewModel(Executor simulator) {
        this.simulator = simulator;
    }

    /** Shows the scenario's limiters as choices, keeping earlier picks by name; new ones are picked while room. */
    public void syncChoices(List<String> names) {
        Map<String, Boolean> before = new HashMap<>();
        choices.forEach(c -> before.put(c.name(), c.chosenProperty().get()));
        int picked = 0;
        List<CompareChoice> fresh = new java.util.ArrayList<>();
        for (String n : names) {
            boolean chosen = before.getOrDefault(n, picked < MAX_CHOSEN) && picked < MAX_CHOSEN;
            picked += chosen ? 1 : 0;
            CompareChoice c = new CompareChoice(n, chosen);
            c.chosenProperty().addListener((obs, o, v) -> updateCanRun());
            fresh.add(c);
        }
        choices.setAll(fresh);
        updateCanRun();
    }

    private void updateCanRun() {
        long n = chosenCount();
        canRun.set(!running.get() && n >= MIN_CHOSEN && n <= MAX_CHOSEN);
        if (!running.get()) {
            message.set(n < MIN_CHOSEN ? "Pick at least " + MIN_CHOSEN + " limiters"
                    : n > MAX_CHOSEN ? "Pick at most " + MAX_CHOSEN + " limiters" : message.get().startsWith("Pick")
                    ? "" : message.get());
        }
    }

    private long chosenCount() {
        return choices.stream().filter(c -> c.chosenProperty().get()).count();
    }

    /**
     * Simulates the chosen limiters of {@code scenario} on its traffic, in the background.
     *
     * @return false when nothing was started (a comparison runs, or the choice is not 2 to 6)
     */
    public boolean run(Scenario scenario, Path baseDir) {
        if (!canRun.get()) {
            return false;
        }
        List<String> names = choices.stream().filter(c -> c.chosenProperty().get()).map(CompareChoice::name).toList();
        List<ScenarioLimiter> chosen = scenario.limiters().stream().filter(l -> names.contains(l.name())).toList();
        Scenario s = scenario.withLimiters(chosen);
        running.set(true);
        canRun.set(false);
        progress.set(0);
        published = 0;
        outcome = null;
        long gen = ++generation;
        message.set("Simulating " + chosen.size() + " limiters for " + s.duration().toSeconds() + " s of traffic…");
        int n = chosen.size();
        Consumer<Object> done = o -> {
            if (gen == generation) {
                outcome = o;
            }
        };
        simulator.execute(() -> {
            try {
                done.accept(Simulator.run(s, baseDir, (i, f) -> published = (i + f) / n));
            } catch (RuntimeException e) {
                done.accept(e);
            }
        });
        return true;
    }

    /** Takes the simulator's progress and result, once per frame; true when a result arrived. */
    public boolean pull() {
        if (!running.get()) {
            return false;
        }
        progress.set(published);
        Object o = outcome;
        if (o == null) {
            return false;
        }
        running.set(false);
        if (o instanceof SimulationResult r) {
            show(r);
        } else {
            RuntimeException e = (RuntimeException) o;
            message.set("The simulation failed: " + e.getMessage());
        }
        updateCanRun();
        return o instanceof SimulationResult;
    }

    private void show(SimulationResult r) {
        result = r;
        progress.set(1);
        admitted.set(ComparisonReport.admitted(r));
        rejected.set(ComparisonReport.rejected(r));
        latency.set(ComparisonReport.latency(r));
        showRows();
        message.set("Simulated " + r.limiters().size() + " limiters on identical traffic (" + r.durationSeconds()
                + " s, seed " + r.seed() + ")");
    }

    private void showRows() {
        if (result != null) {
            rows.setAll(result.limiters().stream().map(l -> CompareRow.of(l, measured.get(l.limiter()))).toList());
        }
    }

    /**
     * Remembers what {@code limiter} measured in a live run (one limiter in force throughout), for the table's Live
     * columns beside the prediction; the newest run of a limiter replaces the one before.
     */
    public void recordLive(String limiter, LiveMeasurement measurement) {
        measured.put(limiter, measurement);
        showRows();
    }

    public ObservableList<CompareChoice> choices() {
        return choices;
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1 while simulating. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObjectProperty<ChartData> admittedProperty() {
        return admitted;
    }

    public ObjectProperty<ChartData> rejectedProperty() {
        return rejected;
    }

    public ObjectProperty<ChartData> latencyProperty() {
        return latency;
    }

    public ObservableList<CompareRow> rows() {
        return rows;
    }

    /** The last comparison's result, or null (reports use it). */
    public SimulationResult result() {
        return result;
    }
}
