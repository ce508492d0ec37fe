package io.ratelab.ui;

import io.ratelab.report.ComparisonReport;
import io.ratelab.report.ReportFiles;
import io.ratelab.report.RunReport;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.sim.SimulationResult;
import io.ratelab.ui.compare.CompareViewModel;
import io.ratelab.ui.compare.LiveMeasurement;
import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.live.LiveSession;
import io.ratelab.ui.live.LiveViewModel;
import io.ratelab.ui.trace.TraceViewModel;
import io.ratelab.ui.traffic.TrafficPanelViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.ListChangeListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the window runs on the scenario the document describes: live traffic through the embedded proxy (the
 * selected limiter, swapped in while it runs), comparisons, trace simulations, engine checks and replays, and the
 * reports of their results. It keeps the Compare tab honest: its results are marked stale once the scenario they
 * came from was edited or replaced. FX thread only; no JavaFX nodes.
 */
public final class RunsViewModel {

    private final DocumentViewModel document;
    private final LimiterPanelViewModel limiters;
    private final TrafficPanelViewModel traffic;
    private final LiveViewModel live;
    private final CompareViewModel compare;
    private final TraceViewModel trace;
    private final StatusBarViewModel status;
    private final LiveRunControl run;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    /** The scenario (as the panels described it) of the comparison shown, or null. */
    private Scenario comparedScenario;

    RunsViewModel(DocumentViewModel document, LimiterPanelViewModel limiters, TrafficPanelViewModel traffic,
                  LiveViewModel live, CompareViewModel compare, TraceViewModel trace, StatusBarViewModel status) {
        this.document = document;
        this.limiters = limiters;
        this.traffic = traffic;
        this.live = live;
        this.compare = compare;
        this.trace = trace;
        this.status = status;
        this.run = new LiveRunControl(live, status);
        // a limiter run live since the window opened shows its measurement beside its simulation in Compare
        run.onMeasured((limiter, snapshot) -> compare.recordLive(limiter, LiveMeasurement.of(snapshot)));
        limiters.limiters().addListener((ListChangeListener<ScenarioLimiter>) c -> {
            applySelected();
            syncCompareChoices();
        });
        limiters.selectedProperty().addListener((obs, o, n) -> applySelected());
    }

    /** Compare mode offers the limiters the panel lists. */
    void syncCompareChoices() {
        compare.syncChoices(limiters.limiters().stream().map(ScenarioLimiter::name).toList());
    }

    private void applySelected() {
        if (run.isRunning() && limiters.selectedProperty().get() >= 0) {
            run.apply(limiters.selectedLimiter());
        }
    }

    /** Follows the live run, and says in the status bar what a comparison or the trace tab has news of. */
    void onFrame() {
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
            String t = trace.simulation().textProperty().get();
            status.say(!t.isEmpty() ? t : trace.messageProperty().get());
        }
    }

    /** The panels now describe {@code now} (null: an invalid field): a comparison of something else is stale. */
    void scenarioEdited(Scenario now) {
        if (comparedScenario != null && !comparedScenario.equals(now)) {
            compare.markStale("of the scenario before your edit");
            comparedScenario = null;
        }
    }

    /** Another scenario replaces the shown one: a live run stops and the comparison shown is stale. */
    void scenarioReplaced() {
        if (run.isRunning()) {
            toggleRun();
        }
        compare.markStale("from the previous scenario");
        comparedScenario = null;
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
        Scenario s = document.currentScenario();
        if (s != null && !trace.simulation().simulate(s, limiters.selectedLimiter().name())) {
            status.warn("Open a trace first, or wait for the running simulation");
        }
    }

    /** Compares the selected limiter with what the engine that wrote the open trace decided (the trace view shows). */
    public void verifyTrace() {
        Scenario s = document.currentScenario();
        if (s != null && !trace.verify(s, limiters.selectedLimiter().name())) {
            status.warn("Open a recording or a shadow log first, or wait for the running comparison");
        }
    }

    /** Replays the open trace live (restarting a running session) against the selected limiter at its speed. */
    public void replayTrace() {
        Scenario s = document.currentScenario();
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
        Scenario s = document.currentScenario();
        if (s == null || !trace.loadedProperty().get()) {
            return;
        }
        compare(trace.onTrace(s), s);
    }

    /** Simulates the picked limiters on the scenario's traffic (compare mode); a problem shows in the status bar. */
    public void runComparison() {
        Scenario s = document.currentScenario();
        if (s == null) {
            return;
        }
        compare(s, s);
    }

    /** Compares the picked limiters on {@code traffic}; {@code edited} is what a later edit is measured against. */
    private void compare(Scenario traffic, Scenario edited) {
        if (compare.run(traffic, document.baseDir())) {
            comparedScenario = edited;
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

    /** The running live session, or null. */
    public LiveSession session() {
        return run.session();
    }

    /** True while live traffic runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Stops a live run and waits for its servers to close (the window closes). */
    void shutdown() {
        run.stopNow();
        running.set(false);
    }
}
