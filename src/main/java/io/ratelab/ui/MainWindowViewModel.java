package io.ratelab.ui;

import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.live.LiveViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;

/**
 * The workbench window's logic: the open scenario (file, name, unsaved changes), the recent files, the theme, the
 * run state, and the feature view models it hosts. The frame pump calls {@link #onFrame} once per frame.
 * FX thread only; no JavaFX nodes.
 */
public final class MainWindowViewModel {

    private final LimiterPanelViewModel limiters = new LimiterPanelViewModel();
    private final LiveViewModel live = new LiveViewModel();
    private final StatusBarViewModel status = new StatusBarViewModel();
    private final RecentFiles recentStore;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final StringProperty scenarioName = new SimpleStringProperty("");
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("RateLab");

    public MainWindowViewModel(RecentFiles recentStore) {
        this.recentStore = recentStore;
        recent.setAll(recentStore.list());
        title.bind(Bindings.createStringBinding(this::computeTitle, scenarioName, file, dirty));
    }

    private String computeTitle() {
        String name = scenarioName.get().isBlank() && file.get() != null
                ? file.get().getFileName().toString() : scenarioName.get();
        return "RateLab" + (name.isBlank() ? "" : " — " + name) + (dirty.get() ? " •" : "");
    }

    /** Called once per frame by the pump: pulls the newest live snapshot and updates the status bar. */
    public void onFrame(long nowNanos) {
        if (live.pull()) {
            status.rates(live.achievedRateProperty().get(), live.targetRateProperty().get(),
                    live.lastSnapshot() != null && live.lastSnapshot().elapsedNanos() > 3_000_000_000L);
        }
    }

    /** Remembers {@code path} as recently used. */
    void remember(Path path) {
        String problem = recentStore.add(path);
        if (problem != null) {
            status.warn(problem);
        }
        recent.setAll(recentStore.list());
    }

    public LimiterPanelViewModel limiters() {
        return limiters;
    }

    public LiveViewModel live() {
        return live;
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

    /** "RateLab — scenario name", with a dot while there are unsaved changes. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty scenarioNameProperty() {
        return scenarioName;
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    /** True while live traffic runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
