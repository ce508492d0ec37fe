package io.ratelab.ui;

import io.ratelab.ui.compare.CompareViewModel;
import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.live.LiveViewModel;
import io.ratelab.ui.trace.TraceViewModel;
import io.ratelab.ui.traffic.TrafficPanelViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The workbench window's logic: the feature view models it hosts, the open scenario as a {@link DocumentViewModel}
 * (file, recent files, unsaved changes), what it runs on that scenario as a {@link RunsViewModel} (live traffic,
 * comparisons, traces, reports), and the theme. The frame pump calls {@link #onFrame} once per frame; nothing else
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
    private final DocumentViewModel document;
    private final RunsViewModel runs;
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private long frames;

    /** A window showing the default scenario. */
    public MainWindowViewModel(RecentFiles recentStore) {
        document = new DocumentViewModel(limiters, traffic, status, recentStore, this::scenarioReplaced);
        runs = new RunsViewModel(document, limiters, traffic, live, compare, trace, status);
        runs.syncCompareChoices();
    }

    private void scenarioReplaced() {
        runs.scenarioReplaced();
    }

    /** Called once per frame by the pump. */
    public void onFrame(long nowNanos) {
        runs.onFrame();
        document.onFrame();
        if (++frames % DIRTY_CHECK_EVERY_FRAMES == 0) {
            runs.scenarioEdited(document.checkModified());
        }
    }

    /** The open scenario: open, new, save, recent files, unsaved changes. */
    public DocumentViewModel document() {
        return document;
    }

    /** Live runs, comparisons, trace runs and their reports. */
    public RunsViewModel runs() {
        return runs;
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

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** Stops a live run and waits for its servers to close (the window closes). */
    public void shutdown() {
        runs.shutdown();
    }
}
