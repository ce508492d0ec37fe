package io.ratelab.ui;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.scenario.TraceReports;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.traffic.trace.TraceReadReport;
import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.traffic.TrafficPanelViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The open scenario as a document: which file it came from, open / new / save, the recent files, whether it has
 * unsaved changes (the title's dot), and the status line about reading an opened scenario's traces. Before another
 * scenario replaces the shown one, the {@code replacing} action runs (the window stops a live run and marks the
 * comparison stale there). Used on the FX thread only, except {@link #readTraces}' reader thread, which only
 * publishes one volatile line that {@link #onFrame} picks up; no JavaFX nodes.
 */
public final class DocumentViewModel {

    private final ScenarioDocument document;
    private final OpenedTraffic openedTraffic = new OpenedTraffic();
    private final StatusBarViewModel status;
    private final RecentFiles recentStore;
    private final Runnable replacing;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final StringProperty scenarioName = new SimpleStringProperty("");
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("RateLab");
    /** The newest "what reading the opened scenario's traces did" line, set by a reading thread; see {@link #open}. */
    private volatile TraceStatus traceStatus;
    private long traceReads;

    /** One status line about an opened scenario's traces; {@code warn} when a line was skipped, repaired or late. */
    private record TraceStatus(long generation, String text, boolean warn) {
    }

    /**
     * A document showing the default scenario in {@code limiters} and {@code traffic}.
     *
     * @param replacing runs before another scenario (opened or new) replaces the shown one
     */
    DocumentViewModel(LimiterPanelViewModel limiters, TrafficPanelViewModel traffic, StatusBarViewModel status,
                      RecentFiles recentStore, Runnable replacing) {
        this.document = new ScenarioDocument(limiters, traffic);
        this.status = status;
        this.recentStore = recentStore;
        this.replacing = replacing;
        recent.setAll(recentStore.list());
        title.bind(Bindings.createStringBinding(() -> "RateLab" + (scenarioName.get().isBlank() ? ""
                : " — " + scenarioName.get()) + (dirty.get() ? " •" : ""), scenarioName, dirty));
        show(ScenarioDocument.defaultScenario(), null);
    }

    private void show(Scenario s, Path from) {
        document.load(s, from);
        scenarioName.set(s.name() + (from == null ? "" : " (" + from.getFileName() + ")"));
        dirty.set(false);
    }

    /** Says what reading the opened scenario's traces did, once it is known. Called once per frame. */
    void onFrame() {
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
    }

    /**
     * Follows the panels: the title's dot shows whether they describe something other than what was opened or saved.
     *
     * @return the scenario the panels describe now, or null when a field is invalid
     */
    Scenario checkModified() {
        Scenario now = document.assembleOrNull();
        dirty.set(document.isModified(now));
        return now;
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
            replacing.run();
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

    /** Shows the built-in default scenario as a new, unsaved one. */
    public void newScenario() {
        replacing.run();
        show(ScenarioDocument.defaultScenario(), null);
        status.say("New scenario (the built-in example); save it to keep your changes");
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

    /** The scenario the panels describe; throws {@link IllegalArgumentException} naming an invalid field. */
    Scenario assemble() {
        return document.assemble();
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
    public void setTuneObjectives(TuneSpec t) {
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

    /** Recently opened or saved scenarios, newest first. */
    public ObservableList<Path> recentFiles() {
        return recent;
    }

    /** "RateLab — scenario", with a dot while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The scenario's name, with its file name once it has one. */
    public ReadOnlyStringProperty scenarioNameProperty() {
        return scenarioName;
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty;
    }
}
