package io.ratelab.ui;

import io.ratelab.report.ComparisonReport;
import io.ratelab.report.ReportFiles;
import io.ratelab.report.RunReport;
import io.ratelab.scenario.Scenario;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TraceReports;
import io.ratelab.sim.SimulationResult;
import io.ratelab.traffic.trace.TraceReadReport;
import io.ratelab.ui.compare.CompareViewModel;
import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.live.LiveSession;
import io.ratelab.ui.live.LiveViewModel;
import io.ratelab.ui.trace.TraceViewModel;
import io.ratelab.ui.traffic.TrafficPanelViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The workbench window's logic: the open scenario (file, name, unsaved changes), the recent files, the theme, the
 * live run, and the feature view models it hosts. The frame pump calls {@link #onFrame} once per frame; nothing else
 * reaches this object from another thread. Built on any thread (the first one while JavaFX starts up), then used on
 * the FX thread only; no JavaFX nodes.
 */
public final class MainWindowViewModel {

    private static final int DIRTY_CHECK_EVERY_FRAMES = 20;

    private final LimiterPanelViewModel limiters = new LimiterPanelViewModel();
    private final TrafficPanelViewModel traffic = new TrafficPanelViewModel();
    private final LiveViewModel live = new LiveViewModel();
    private final CompareViewModel compare = new CompareViewModel();
    private final TraceViewModel trace = new TraceViewModel();
    private final StatusBarViewModel status = new StatusBarViewModel();
    private final ScenarioDocument document = new ScenarioDocument(limiters, traffic);
    private final LiveRunControl run = new LiveRunControl(live, status);
    private final RecentFiles recentStore;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final StringProperty scenarioName = new SimpleStringProperty("");
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("RateLab");
    private long frames;
    /** The scenario (as the panels described it) of the comparison shown, or null. */
    private Scenario comparedScenario;
    /** The newest "what reading the opened scenario's traces did" line, set by a reading thread; see {@link #open}. */
    private volatile TraceStatus traceStatus;
    private long traceReads;
    private final OpenedTraffic openedTraffic = new OpenedTraffic();

    /** One status line about an opened scenario's traces; {@code warn} when a line was skipped, repaired or late. */
    private record TraceStatus(long generation, String text, boolean warn) {
    }

    {
        // a limiter run live since the window opened shows its measurement beside its simulation in Compare
        run.onMeasured((limiter, snapshot) -> compare.recordLive(limiter,
                io.ratelab.ui.compare.LiveMeasurement.of(snapshot)));
    }

    /** A window showing the default scenario. */
    public MainWindowViewModel(RecentFiles recentStore) {
        this.recentStore = recentStore;
        recent.setAll(recentStore.list());
        title.bind(Bindings.createStringBinding(() -> "RateLab" + (scenarioName.get().isBlank() ? ""
                : " — " + scenarioName.get()) + (dirty.get() ? " •" : ""), scenarioName, dirty));
        limiters.limiters().addListener((ListChangeListener<ScenarioLimiter>) c -> {
            applySelected();
            compare.syncChoices(limiters.limiters().stream().map(ScenarioLimiter::name).toList());
        });
        limiters.selectedProperty().addListener((obs, o, n) -> applySelected());
        show(ScenarioDocument.defaultScenario(), null);
        compare.syncChoices(limiters.limiters().stream().map(ScenarioLimiter::name).toList());
    }

    private void show(Scenario s, Path from) {
        compare.markStale("from the previous scenario");
        comparedScenario = null;
        document.load(s, from);
        scenarioName.set(s.name() + (from == null ? "" : " (" + from.getFileName() + ")"));
        dirty.set(false);
    }

    private void applySelected() {
        if (run.isRunning() && limiters.selectedProperty().get() >= 0) {
            run.apply(limiters.selectedLimiter());
        }
    }

    /** Called once per frame by the pump. */
    public void onFrame(long nowNanos) {
        if (run.isRunning()) {
            if (!run.onFrame()) {
                running.set(false);
            }
        } else {
            live.pull();
        }
        if (compare.pull()) {
            status.say(compare.messageProperty().get());
        }
        if (trace.pull()) {
            // the trace tab's news replaces an older message ("Simulated 2 limiters…" stayed after a trace simulation)
            String t = trace.simulationTextProperty().get();
            status.say(!t.isEmpty() ? t : trace.messageProperty().get());
        }
        TraceStatus ts = traceStatus;
        if (ts != null) {
            traceStatus = null;
            if (ts.generation() == traceReads) {
                if (ts.warn()) {
                    status.warn(ts.text());
                } else {
                    status.say(ts.text());
                }
            }
        }
        if (++frames % DIRTY_CHECK_EVERY_FRAMES == 0) {
            Scenario now = document.assembleOrNull();
            dirty.set(document.isModified(now));
            if (comparedScenario != null && !comparedScenario.equals(now)) {
                compare.markStale("of the scenario before your edit");
                comparedScenario = null;
            }
        }
    }

    /** Starts live traffic, or stops it. */
    public void toggleRun() {
        if (run.isRunning()) {
            run.stop();
            running.set(false);
            return;
        }
        try {
            startLive(document.assemble());
        } catch (IllegalArgumentException e) {
            status.warn("Cannot start: " + e.getMessage());
        }
    }

    private void startLive(Scenario s) {
        run.start(s, document.baseDir(), limiters.selectedLimiter(), traffic.build().externalTarget());
        running.set(true);
    }

    /** Simulates the selected limiter on the open trace (the trace view shows the result). */
    public void simulateTrace() {
        Scenario s = currentScenario();
        if (s != null && !trace.simulate(s, limiters.selectedLimiter().name())) {
            status.warn("Open a trace first, or wait for the running simulation");
        }
    }

    /** Compares the selected limiter with what the engine that wrote the open trace decided (the trace view shows). */
    public void verifyTrace() {
        Scenario s = currentScenario();
        if (s != null && !trace.verify(s, limiters.selectedLimiter().name())) {
            status.warn("Open a recording or a shadow log first, or wait for the running comparison");
        }
    }

    /** Replays the open trace live (restarting a running session) against the selected limiter at its speed. */
    public void replayTrace() {
        Scenario s = currentScenario();
        if (s == null || !trace.loadedProperty().get()) {
            return;
        }
        if (run.isRunning()) {
            run.stop();
            running.set(false);
        }
        try {
            startLive(trace.onTrace(s));
            status.say("Replaying " + trace.fileProperty().get().getFileName() + " live at "
                    + trace.speedProperty().get() + "× through '" + limiters.selectedLimiter().name() + "'");
        } catch (IllegalArgumentException e) {
            status.warn("Cannot replay: " + e.getMessage());
        }
    }

    /** Compares the limiters picked in compare mode with the open trace as the traffic. */
    public void compareOnTrace() {
        Scenario s = currentScenario();
        if (s == null || !trace.loadedProperty().get()) {
            return;
        }
        if (compare.run(trace.onTrace(s), document.baseDir())) {
            comparedScenario = s;
        } else {
            status.warn(compare.messageProperty().get().isEmpty() ? "A comparison is running"
                    : compare.messageProperty().get());
        }
    }

    /** Simulates the picked limiters on the scenario's traffic (compare mode); a problem shows in the status bar. */
    public void runComparison() {
        Scenario s = currentScenario();
        if (s == null) {
            return;
        }
        if (compare.run(s, document.baseDir())) {
            comparedScenario = s;
        } else {
            status.warn(compare.messageProperty().get().isEmpty() ? "A comparison is running"
                    : compare.messageProperty().get());
        }
    }

    /**
     * Writes a report of the last comparison ({@code comparison} true) or of the newest live run into {@code dir}:
     * report.html, report.json and CSV files.
     *
     * @return the files written, empty when there is nothing to report (the status bar says so)
     */
    public List<Path> saveReport(Path dir, boolean comparison) {
        try {
            if (comparison) {
                SimulationResult r = compare.result();
                if (r == null) {
                    status.warn("Nothing to report yet: run a comparison first (Ctrl+M)");
                    return List.of();
                }
                return ReportFiles.write(dir, ComparisonReport.document(r), r);
            }
            RunReport r = run.report();
            if (r == null) {
                status.warn("Nothing to report yet: start live traffic first (F5)");
                return List.of();
            }
            return ReportFiles.write(dir, r.document(), r.json());
        } catch (IOException e) {
            status.warn("The report could not be written: " + e.getMessage());
            return List.of();
        }
    }

    /** Makes the named limiter the selected one, which the live proxy switches to while it runs. */
    public void sendToProxy(String limiterName) {
        if (limiters.selectByName(limiterName)) {
            status.say(run.isRunning() ? "The live proxy now runs '" + limiterName + "'"
                    : "'" + limiterName + "' is selected; press Start to run it live");
        }
    }

    /**
     * Opens a scenario file.
     *
     * @return null, or what is wrong with the file (file, line, field and what is allowed)
     */
    public String open(Path path) {
        try {
            // read once, traces kept in memory: the Tune tab replays this plan instead of reading them again
            Scenario.Planned planned = Scenario.readPlanned(path);
            Scenario s = planned.scenario();
            if (run.isRunning()) {
                toggleRun();
            }
            show(s, path);
            openedTraffic.keep(s, path.toAbsolutePath().getParent(), planned.plan());
            remember(path);
            status.say("Opened " + path);
            readTraces(s, path, planned.plan());
            return null;
        } catch (ScenarioException e) {
            return e.getMessage();
        }
    }

    /**
     * When {@code s} replays traces, reads them in the background and then says in the status bar what reading each
     * did (the {@link TraceReadReport} that {@code simulate} and {@code run} print): never silently.
     */
    private void readTraces(Scenario s, Path from, TrafficPlan plan) {
        if (s.traffic().stream().noneMatch(t -> t.trace() != null)) {
            return;
        }
        long generation = ++traceReads;
        status.say("Opened " + from + "; reading its traces…");
        Thread reader = new Thread(() -> {
            TraceStatus result;
            try {
                List<TraceReadReport> reports = TraceReports.of(s, plan);
                result = new TraceStatus(generation, "Opened " + from.getFileName() + " — " + String.join(" | ",
                        reports.stream().map(TraceReadReport::toString).toList()),
                        reports.stream().anyMatch(r -> !r.clean()));
            } catch (RuntimeException e) {
                result = new TraceStatus(generation, "Cannot read the traces of " + from.getFileName() + ": "
                        + e.getMessage(), true);
            }
            traceStatus = result;
        }, "ratelab-scenario-traces");
        reader.setDaemon(true);
        reader.start();
    }

    /** Saves to the current file; false when there is none yet (ask for one and call {@link #saveAs}). */
    public boolean save() {
        if (document.file() == null) {
            return false;
        }
        saveAs(document.file());
        return true;
    }

    /**
     * Saves to {@code path} (YAML for .yaml/.yml, JSON otherwise); a problem shows in the status bar.
     *
     * @return true when the file was written
     */
    public boolean saveAs(Path path) {
        try {
            document.saveTo(path);
            scenarioName.set(document.name() + " (" + path.getFileName() + ")");
            dirty.set(false);
            remember(path);
            status.say("Saved " + path);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            status.warn("Not saved: " + e.getMessage());
            return false;
        }
    }

    /** The file the scenario was opened from or saved to, or null for a new one. */
    public Path file() {
        return document.file();
    }

    /**
     * True when the panels describe something other than what was opened or saved last: leaving it (quit, close,
     * open, new) must ask first. Exact at every call (the title's dot follows a few times a second).
     */
    public boolean isModified() {
        boolean modified = document.isModified();
        dirty.set(modified);
        return modified;
    }

    /** Shows the built-in default scenario as a new, unsaved one (a running live run stops). */
    public void newScenario() {
        if (run.isRunning()) {
            toggleRun();
        }
        show(ScenarioDocument.defaultScenario(), null);
        status.say("New scenario (the built-in example); save it to keep your changes");
    }

    /**
     * The traffic of {@code s} with files resolved against {@code base}, read once ({@link OpenedTraffic}). Any
     * thread (the Tune tab calls it from its tuning thread).
     */
    public TrafficPlan trafficPlan(Scenario s, Path base) {
        return openedTraffic.planFor(s, base);
    }

    /** How many times a scenario's traffic (its trace files) has been read: on open, and when none kept fits. */
    public long trafficReads() {
        return openedTraffic.reads();
    }

    /** The Tune tab's objectives edited: written into the scenario's {@code tune:} section (now unsaved). */
    public void setTuneObjectives(io.ratelab.scenario.TuneSpec t) {
        document.setTune(t);
        dirty.set(document.isModified());
    }

    /** The scenario the panels describe, or null (with the reason in the status bar) when a field is invalid. */
    public Scenario currentScenario() {
        try {
            return document.assemble();
        } catch (IllegalArgumentException e) {
            status.warn(e.getMessage());
            return null;
        }
    }

    /** The directory scenario files are resolved against. */
    public Path baseDir() {
        return document.baseDir();
    }

    /** The directory a file chooser starts in: the current file's, else simulations/ when present. */
    public Path chooserDirectory() {
        if (document.file() != null) {
            return document.file().toAbsolutePath().getParent();
        }
        Path sims = Path.of("simulations").toAbsolutePath();
        return sims.toFile().isDirectory() ? sims : Path.of("").toAbsolutePath();
    }

    void remember(Path path) {
        String problem = recentStore.add(path);
        if (problem != null) {
            status.warn(problem);
        }
        recent.setAll(recentStore.list());
    }

    /** The running live session, or null. */
    public LiveSession session() {
        return run.session();
    }

    public LimiterPanelViewModel limiters() {
        return limiters;
    }

    public TrafficPanelViewModel traffic() {
        return traffic;
    }

    public LiveViewModel live() {
        return live;
    }

    public CompareViewModel compareMode() {
        return compare;
    }

    public TraceViewModel trace() {
        return trace;
    }

    public StatusBarViewModel status() {
        return status;
    }

    /** Recently opened or saved scenarios, newest first. */
    public ObservableList<Path> recentFiles() {
        return recent;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** "RateLab — scenario", with a dot while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty scenarioNameProperty() {
        return scenarioName;
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty;
    }

    /** True while live traffic runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Stops a live run and waits for its servers to close (the window closes). */
    public void shutdown() {
        run.stopNow();
        running.set(false);
    }
}
