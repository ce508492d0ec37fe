package io.ratelab.ui.compare;

import io.ratelab.report.ComparisonReport;
import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.ui.controls.LimiterColors;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.sim.LimiterResult;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
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
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(false);
    private final LimiterColors colors = new LimiterColors();
    private final Set<String> expanded = new HashSet<>();
    private List<CompareRow> limiterRows = List.of();
    /** What each limiter measured the last time it ran live in this window, by limiter name. */
    private final Map<String, LiveMeasurement> measured = new HashMap<>();
    private final Executor simulator;
    private volatile double published;
    private volatile Object outcome;
    private SimulationResult result;
    private long generation;
    /** Why the comparison under way will be stale when it arrives, or null. */
    private String staleWhy;

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
        colors.scenario(names);
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
        staleWhy = null;
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

    /**
     * Marks the shown comparison as no longer the scenario's (another scenario was opened, or this one edited): the
     * tab greys it and says why, until the next comparison. Nothing happens before the first comparison.
     *
     * @param why what happened, shown with "run again" ("from the previous scenario")
     */
    public void markStale(String why) {
        if (running.get()) {
            staleWhy = why;     // the comparison under way simulates the scenario as it was: stale on arrival
        }
        if (result == null || stale.get()) {
            return;
        }
        stale.set(true);
        if (!running.get()) {
            message.set(staleMessage(why));
        }
    }

    private static String staleMessage(String why) {
        return "These results are " + why + " — run the comparison again (Ctrl+M)";
    }

    /** True while the results shown are of another scenario, or of this one before an edit. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    private void show(SimulationResult r) {
        result = r;
        stale.set(staleWhy != null);
        progress.set(1);
        Map<LimiterResult, SeriesColor> colorOf = colorsOf(r);
        admitted.set(ComparisonReport.admitted(r, colorOf::get));
        rejected.set(ComparisonReport.rejected(r, colorOf::get));
        latency.set(ComparisonReport.latency(r, colorOf::get));
        expanded.clear();
        showRows();
        message.set(staleWhy != null ? staleMessage(staleWhy) : "Simulated " + r.limiters().size()
                + " limiters on identical traffic (" + r.durationSeconds() + " s, seed " + r.seed() + ")");
    }

    /** The columns in which one value is the best, and which way: the table marks it (issue 21). */
    public enum Best {
        RETRIES("retries", false, r -> r.retries()),
        P50("p50", false, CompareRow::p50Millis),
        P99("p99", false, CompareRow::p99Millis),
        MAX("max latency", false, CompareRow::maxMillis),
        FAIRNESS("fairness", true, CompareRow::fairness),
        POLITE_REJECTED("polite rejections", false, CompareRow::wellBehavedRejectedPercent);

        private final String what;
        private final boolean highest;
        private final java.util.function.ToDoubleFunction<CompareRow> value;

        Best(String what, boolean highest, java.util.function.ToDoubleFunction<CompareRow> value) {
            this.what = what;
            this.highest = highest;
            this.value = value;
        }

        /** The legend under the table: what "best" means in each marked column. */
        public static String legend() {
            List<String> low = new java.util.ArrayList<>();
            List<String> high = new java.util.ArrayList<>();
            for (Best b : values()) {
                (b.highest ? high : low).add(b.what);
            }
            return "Bold: the best limiter in the column — lowest " + String.join(", ", low) + "; highest "
                    + String.join(", ", high) + ". ▸ before a limiter shows its traffic groups.";
        }
    }

    /**
     * True when {@code row} (a limiter's) has the best value of column {@code b} among the limiters compared: the
     * lowest or highest, ties included, and only where the limiters differ at all.
     */
    public boolean isBest(Best b, CompareRow row) {
        if (row == null || row.isGroup() || result == null) {
            return false;
        }
        double v = shown(b.value.applyAsDouble(row));
        if (Double.isNaN(v)) {
            return false;
        }
        double best = v;
        double worst = v;
        for (CompareRow r : limiterRows) {
            double x = shown(b.value.applyAsDouble(r));
            if (!Double.isNaN(x)) {
                best = b.highest ? Math.max(best, x) : Math.min(best, x);
                worst = b.highest ? Math.min(worst, x) : Math.max(worst, x);
            }
        }
        return limiterRows.size() > 1 && best != worst && v == best;
    }

    /**
     * {@code v} to three significant digits, as the table shows it: 19.93 and 19.88 ms both read 19.9, and neither is
     * better.
     */
    static double shown(double v) {
        if (Double.isNaN(v) || v == 0 || Double.isInfinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    /** Shows or hides the traffic groups under the limiter row named {@code limiterRow}. */
    public void toggleGroups(String limiterRow) {
        if (!expanded.remove(limiterRow)) {
            expanded.add(limiterRow);
        }
        showRows();
    }

    /** True while the limiter row named {@code limiterRow} shows its groups. */
    public boolean isExpanded(String limiterRow) {
        return expanded.contains(limiterRow);
    }

    private void showRows() {
        if (result == null) {
            return;
        }
        List<CompareRow> all = new java.util.ArrayList<>();
        List<CompareRow> limiters = new java.util.ArrayList<>();
        for (LimiterResult l : result.limiters()) {
            CompareRow row = CompareRow.of(l, measured.get(l.limiter()));
            limiters.add(row);
            all.add(row);
            if (expanded.contains(row.name())) {
                for (LimiterResult.GroupResult g : l.groups()) {
                    all.add(CompareRow.of(l, g));
                }
            }
        }
        limiterRows = List.copyOf(limiters);
        rows.setAll(all);
    }

    /**
     * Each limiter's colour: its own ({@link LimiterColors}, by the scenario limiter it simulates), or the first free
     * one when another line of this result has it already (a scenario with replicas compares each limiter twice).
     */
    private Map<LimiterResult, SeriesColor> colorsOf(SimulationResult r) {
        Map<LimiterResult, SeriesColor> out = new IdentityHashMap<>();
        Set<SeriesColor> used = new HashSet<>();
        for (LimiterResult l : r.limiters()) {
            SeriesColor c = colors.of(l.limiter() == null ? l.name() : l.limiter());
            if (!used.add(c)) {
                c = colors.firstFree(used);
                used.add(c);
            }
            out.put(l, c);
        }
        return out;
    }

    /** The limiters' colours, kept across comparisons; other tabs draw a limiter in the same colour. */
    public LimiterColors colors() {
        return colors;
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
