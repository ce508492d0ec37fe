package io.ratelab.ui.tune;

import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.report.plot.ValueFormat;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.tune.Describe;
import io.ratelab.tune.Target;
import io.ratelab.tune.TuneCancelled;
import io.ratelab.tune.TuneResult;
import io.ratelab.tune.Tuner;
import io.ratelab.traffic.TrafficPlan;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Tune tab's state and logic, without Nodes: the objective inputs ({@link TuneObjectives}: prefilled from the
 * scenario's {@code tune:} section, each valid edit written back into it), the target and algorithm, a tuning run off
 * the FX thread on the traffic read when the scenario was opened with progress and Cancel, the frontier as chart data (one line per spare
 * level, the recommendation marked), the candidates as table rows, and Apply / Export of the recommendation.
 *
 * <p>Threading: {@link #tune()} runs {@link Tuner#tune} on {@code background}; its progress reaches the FX thread
 * through {@code fx} at most ten times a second, and the result once. Every property is read and written on the FX
 * thread.
 */
public final class TuneViewModel {

    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    private final Supplier<Scenario> scenario;
    private final Supplier<Path> baseDir;
    private final Executor background;
    private final Executor fx;
    private final Consumer<ScenarioLimiter> apply;
    private final Consumer<ScenarioLimiter> export;
    private final java.util.function.BiFunction<Scenario, Path, TrafficPlan> plans;

    /** The algorithm choice that means the target's own ({@code --algorithm} left out). */
    public static final String DEFAULT_ALGORITHM = "engine's own";

    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(Target.NGINX);
    private final StringProperty algorithm = new SimpleStringProperty(DEFAULT_ALGORITHM);
    private final ObservableList<String> algorithms = FXCollections.observableArrayList();
    private final TuneObjectives objectives;
    private final StringProperty holdout = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Set the objectives and press Tune.");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty why = new SimpleStringProperty("");
    private final ObjectProperty<TuneResult> result = new SimpleObjectProperty<>();
    private final ObjectProperty<ChartData> chart = new SimpleObjectProperty<>(emptyChart());
    private final ObservableList<CandidateRow> rows = FXCollections.observableArrayList();
    private final BooleanProperty hasResult = new SimpleBooleanProperty();
    private volatile AtomicBoolean cancel = new AtomicBoolean();
    private Scenario tuned;

    /**
     * @param scenario   the scenario the panels describe now (null when a field is invalid)
     * @param baseDir    where its files are resolved
     * @param background where the tuning runs
     * @param fx         the FX thread's executor
     * @param apply      adds a limiter to the scenario's limiter list
     * @param export     opens the export dialog on a limiter
     */
    public TuneViewModel(Supplier<Scenario> scenario, Supplier<Path> baseDir, Executor background, Executor fx,
                         Consumer<ScenarioLimiter> apply, Consumer<ScenarioLimiter> export) {
        this(scenario, baseDir, background, fx, apply, export, t -> { }, (s, d) -> null);
    }

    /**
     * @param writeBack told each valid edit of the objectives, to write into the scenario's {@code tune:} section
     * @param plans     the scenario's traffic with files resolved against a directory, as already read (its traces
     *                  in memory), or null to let the tuner read it; called on the tuning thread. A trace is read
     *                  once, when the scenario is opened, not again for each tuning
     */
    public TuneViewModel(Supplier<Scenario> scenario, Supplier<Path> baseDir, Executor background, Executor fx,
                         Consumer<ScenarioLimiter> apply, Consumer<ScenarioLimiter> export,
                         Consumer<TuneSpec> writeBack, java.util.function.BiFunction<Scenario, Path, TrafficPlan> plans) {
        this.scenario = scenario;
        this.baseDir = baseDir;
        this.background = background;
        this.fx = fx;
        this.apply = apply;
        this.export = export;
        this.plans = plans;
        this.objectives = new TuneObjectives(writeBack, () -> {
            Scenario s = scenario.get();
            return s == null ? null : s.traffic().stream().map(t -> t.name()).toList();
        });
        objectives.errorProperty().addListener((obs, o, n) -> error.set(n));
        hasResult.bind(result.isNotNull());
        target.addListener((obs, o, n) -> syncAlgorithms());
        syncAlgorithms();
    }

    private void syncAlgorithms() {
        String was = algorithm.get();
        List<String> ids = new ArrayList<>(List.of(DEFAULT_ALGORITHM));
        if (target.get() != null && target.get().expressible().size() > 1) {
            target.get().expressible().forEach(f -> ids.add(f.algorithm().id()));
        }
        algorithms.setAll(ids);
        algorithm.set(ids.contains(was) ? was : DEFAULT_ALGORITHM);
    }

    /** Fills the inputs from {@code s}'s {@code tune:} section (or the defaults); not an edit. */
    public void loadObjectives(Scenario s) {
        objectives.load(s.tuneOrDefaults());
    }

    /** Starts a tuning of the current scenario; does nothing while one runs. */
    public void tune() {
        if (running.get()) {
            return;
        }
        Scenario s = scenario.get();
        if (s == null) {
            error.set("The scenario has an invalid field; see the status bar.");
            return;
        }
        Tuner.Options options;
        try {
            options = options(s);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        running.set(true);
        progress.set(0);
        status.set("Tuning…");
        AtomicBoolean stop = new AtomicBoolean();
        cancel = stop;
        Path dir = baseDir.get();
        long[] last = {0};
        Tuner.Progress p = (step, f) -> {
            long now = System.nanoTime();
            synchronized (last) {
                if (now - last[0] < PROGRESS_EVERY_NANOS) {
                    return;
                }
                last[0] = now;
            }
            fx.execute(() -> {
                if (running.get()) {
                    progress.set(f);
                    status.set("Tuning: " + step + "…");
                }
            });
        };
        background.execute(() -> {
            try {
                TrafficPlan read = plans.apply(s, dir);
                TuneResult r = read != null ? Tuner.tune(s, read, options, p, stop::get)
                        : Tuner.tune(s, dir, options, p, stop::get);
                fx.execute(() -> finished(s, r));
            } catch (TuneCancelled e) {
                fx.execute(() -> stopped("Cancelled."));
            } catch (RuntimeException e) {
                fx.execute(() -> {
                    stopped("");
                    error.set(e.getMessage());
                });
            }
        });
    }

    /** Asks the running tuning to stop. */
    public void cancel() {
        cancel.set(true);
    }

    /** Adds the recommended limiter to the scenario's limiters. */
    public void applyRecommendation() {
        ScenarioLimiter l = recommendedLimiter();
        if (l != null) {
            apply.accept(l);
            status.set("Added '" + l.name() + "' to the limiters.");
        }
    }

    /** Opens the export dialog on the recommended limiter. */
    public void exportRecommendation() {
        ScenarioLimiter l = recommendedLimiter();
        if (l != null) {
            export.accept(l);
        }
    }

    /** The recommendation as a scenario limiter (keyed by the rule it was tuned for), or null before a result. */
    public ScenarioLimiter recommendedLimiter() {
        TuneResult r = result.get();
        if (r == null) {
            return null;
        }
        String key = String.valueOf(r.objectives().get("key"));
        return new ScenarioLimiter(r.recommended().spec().withName("tuned " + r.objectives().get("for")),
                key.equals(tuned.key().toString()) ? null : io.ratelab.scenario.KeyRule.parse(key));
    }

    Tuner.Options options(Scenario s) {
        TuneSpec o = objectives.build();
        Double hold = holdout.get().isBlank() ? null : (Double) TuneSpec.parseShare(holdout.get());
        List<io.ratelab.limit.Algorithm> algs = DEFAULT_ALGORITHM.equals(algorithm.get()) || algorithm.get() == null
                ? List.of() : List.of(io.ratelab.limit.Algorithm.byId(algorithm.get()));
        return new Tuner.Options(target.get(), algs, null, hold, o);
    }

    private void finished(Scenario s, TuneResult r) {
        tuned = s;
        result.set(r);
        running.set(false);
        progress.set(1);
        rows.setAll(r.candidates().stream().map(CandidateRow::of).toList());
        chart.set(frontierChart(r));
        why.set(r.recommended().why());
        status.set((r.unmeetable() != null ? "Objectives not met. " : "")
                + "Recommended: " + Describe.limiter(r.recommended().spec()) + " (confidence "
                + r.recommended().confidence() + (r.recommended().reasons().isEmpty() ? ""
                : ": " + String.join("; ", r.recommended().reasons())) + ")");
    }

    private void stopped(String message) {
        running.set(false);
        progress.set(0);
        status.set(message);
    }

    /**
     * The frontier of the recommendation's family (else the first): one line per spare level, the recommendation as a
     * marked vertical. A bucket family plots burst against rate; a window family (fixed window, sliding log, sliding
     * window) plots the limit {@code N} per window against {@code N / W}, each point one window of the grid; HAProxy
     * likewise its threshold against {@code N / period}.
     */
    static ChartData frontierChart(TuneResult r) {
        List<ChartSeries> series = new ArrayList<>();
        SeriesColor[] colors = {SeriesColor.GREY, SeriesColor.TEAL, SeriesColor.BLUE, SeriesColor.PURPLE,
                SeriesColor.AMBER, SeriesColor.PINK};
        String recFamily = r.recommended().spec().algorithm().id();
        String family = r.frontier().stream().anyMatch(p -> p.algorithm().equals(recFamily)) ? recFamily
                : r.frontier().isEmpty() ? "" : r.frontier().get(0).algorithm();
        double share = r.frontier().isEmpty() ? 0 : r.frontier().get(0).spareShare();
        boolean windows = r.frontier().stream().anyMatch(p -> p.algorithm().equals(family) && p.window() != null);
        boolean periods = family.equals(io.ratelab.limit.Algorithm.HAPROXY_REQ_RATE.id());
        int c = 0;
        double xMax = 0;
        double recRate = io.ratelab.tune.Family.perSecond(r.recommended().spec());
        for (TuneResult.Curve curve : r.curves()) {
            if (!curve.algorithm().equals(family)) {
                continue;
            }
            List<TuneResult.FrontierPoint> pts = curve.points().stream()
                    .filter(p -> p.ratePerSecond() <= Math.max(4 * recRate, 1e-9))
                    .sorted(java.util.Comparator.comparingDouble(TuneResult.FrontierPoint::ratePerSecond)).toList();
            double[] x = pts.stream().mapToDouble(TuneResult.FrontierPoint::ratePerSecond).toArray();
            double[] y = pts.stream().mapToDouble(TuneResult.FrontierPoint::burst).toArray();
            boolean asked = Math.abs(curve.spareShare() - share) < 1e-12;
            series.add(ChartSeries.of("spare " + TuneSpec.percent(curve.spareShare()) + (asked ? " (asked)" : ""),
                    asked ? SeriesColor.GREEN : colors[c++ % colors.length], !asked, x, y));
            for (double v : x) {
                xMax = Math.max(xMax, v);
            }
        }
        double recBurst = io.ratelab.tune.Family.burst(r.recommended().spec());
        series.add(ChartSeries.of("recommended " + Describe.limiter(r.recommended().spec()), SeriesColor.RED, false,
                new double[]{recRate, recRate}, new double[]{0, recBurst}));
        String xTitle = windows ? "rate N / W (requests / s per key; each point one window W)"
                : periods ? "rate N / period (requests / s per key)" : "rate (requests / s per key)";
        String yTitle = windows ? "limit N per window" : periods ? "threshold N" : "burst";
        return new ChartData(AxisKind.LINEAR, xTitle, yTitle, ValueFormat.number("/s"),
                ValueFormat.number(""), 0, Math.max(xMax, recRate), series, "");
    }

    private static ChartData emptyChart() {
        return ChartData.empty(AxisKind.LINEAR, "rate (requests / s per key)", "burst", ValueFormat.number("/s"),
                ValueFormat.number(""), "Press Tune to compute the rate–burst frontier");
    }

    public ObjectProperty<Target> targetProperty() {
        return target;
    }

    /** The algorithm to tune: {@link #DEFAULT_ALGORITHM} or one of {@link #algorithms()}. */
    public StringProperty algorithmProperty() {
        return algorithm;
    }

    /** The algorithms the target can express, after {@link #DEFAULT_ALGORITHM}. */
    public ObservableList<String> algorithms() {
        return algorithms;
    }

    /** Every objective's input, written back into the scenario on a valid edit. */
    public TuneObjectives objectives() {
        return objectives;
    }

    public StringProperty spareProperty() {
        return objectives.spareProperty();
    }

    public StringProperty spareOfProperty() {
        return objectives.spareOfProperty();
    }

    public StringProperty maxRateProperty() {
        return objectives.maxRateProperty();
    }

    public StringProperty growthProperty() {
        return objectives.growthProperty();
    }

    public StringProperty holdoutProperty() {
        return holdout;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty whyProperty() {
        return why;
    }

    public ReadOnlyObjectProperty<TuneResult> resultProperty() {
        return result;
    }

    public ReadOnlyBooleanProperty hasResultProperty() {
        return hasResult;
    }

    public ReadOnlyObjectProperty<ChartData> chartProperty() {
        return chart;
    }

    public ObservableList<CandidateRow> rows() {
        return rows;
    }
}
