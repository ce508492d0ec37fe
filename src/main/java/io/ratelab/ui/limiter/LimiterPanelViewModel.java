package io.ratelab.ui.limiter;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.ScenarioLimiter;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scenario's limiters as the limiter panel shows them: a list, the selected one, and an editor
 * ({@link LimiterViewModel}) whose valid edits are written back into the list. The selected limiter is the one the
 * live proxy runs; the whole list is what compare mode offers. Names stay unique (files and charts key on them).
 * FX thread only; no JavaFX nodes.
 */
public final class LimiterPanelViewModel {

    private final ObservableList<ScenarioLimiter> limiters = FXCollections.observableArrayList();
    private final StringProperty key = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper keyError = new ReadOnlyStringWrapper("");
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final LimiterViewModel editor = new LimiterViewModel();
    private final ReadOnlyBooleanWrapper canRemove = new ReadOnlyBooleanWrapper();
    private boolean switching;

    public LimiterPanelViewModel() {
        selected.addListener((obs, o, n) -> select(n.intValue()));
        editor.specProperty().addListener((obs, o, n) -> edited(n));
        key.addListener((obs, o, n) -> edited(editor.getSpec()));
        limiters.addListener((javafx.collections.ListChangeListener<ScenarioLimiter>) c -> updateButtons());
        setLimiters(List.of(new ScenarioLimiter(editor.getSpec(), null)));
    }

    /** The limiters, in file order, each with its key rule override (null: the scenario's). */
    public ObservableList<ScenarioLimiter> limiters() {
        return limiters;
    }

    /** Index of the limiter being edited (and run live). */
    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** The editor of the selected limiter. */
    public LimiterViewModel editor() {
        return editor;
    }

    /** The selected limiter as it stands. */
    public ScenarioLimiter selectedLimiter() {
        return limiters.get(selected.get());
    }

    /** The selected limiter's key rule override as typed; empty means the scenario's rule. */
    public StringProperty keyProperty() {
        return key;
    }

    /** Empty while the key override is valid, else what is wrong with it. */
    public ReadOnlyStringProperty keyErrorProperty() {
        return keyError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRemoveProperty() {
        return canRemove.getReadOnlyProperty();
    }

    /** Replaces the list (a scenario was opened) and selects the first. */
    public void setLimiters(List<ScenarioLimiter> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("limiters: at least one is required");
        }
        switching = true;
        limiters.setAll(specs);
        switching = false;
        if (selected.get() == 0) {
            select(0);
        } else {
            selected.set(0);
        }
    }

    /** Adds a copy of the selected limiter under a fresh name and selects it. */
    public void addCopy() {
        ScenarioLimiter s = selectedLimiter();
        limiters.add(new ScenarioLimiter(s.spec().withName(uniqueName(s.name())), s.key()));
        selected.set(limiters.size() - 1);
    }

    /** Removes the selected limiter (one always stays) and selects its neighbour. */
    public void removeSelected() {
        if (!canRemove.get()) {
            return;
        }
        int i = selected.get();
        switching = true;
        limiters.remove(i);
        switching = false;
        int next = Math.min(i, limiters.size() - 1);
        if (selected.get() == next) {
            select(next);
        } else {
            selected.set(next);
        }
    }

    /** Selects the limiter named {@code name}; false when there is none. */
    public boolean selectByName(String name) {
        for (int i = 0; i < limiters.size(); i++) {
            if (limiters.get(i).name().equals(name)) {
                selected.set(i);
                return true;
            }
        }
        return false;
    }

    String uniqueName(String base) {
        Set<String> taken = new HashSet<>();
        limiters.forEach(s -> taken.add(s.name()));
        String stem = base.replaceFirst(" \\d+$", "");
        for (int n = 2; ; n++) {
            String candidate = stem + " " + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private void select(int i) {
        if (i < 0 || i >= limiters.size()) {
            return;
        }
        switching = true;
        editor.load(limiters.get(i).spec());
        KeyRule k = limiters.get(i).key();
        key.set(k == null ? "" : k.toString());
        keyError.set("");
        switching = false;
    }

    private void edited(LimiterSpec spec) {
        int i = selected.get();
        if (switching || spec == null || i < 0 || i >= limiters.size()) {
            return;
        }
        for (int j = 0; j < limiters.size(); j++) {
            if (j != i && limiters.get(j).name().equals(spec.name())) {
                spec = spec.withName(uniqueName(spec.name()));
            }
        }
        KeyRule k = null;
        if (!key.get().isBlank()) {
            try {
                k = KeyRule.parse(key.get().strip());
                keyError.set("");
            } catch (IllegalArgumentException e) {
                keyError.set("key: " + e.getMessage());
                return;
            }
        } else {
            keyError.set("");
        }
        limiters.set(i, new ScenarioLimiter(spec, k));
    }

    private void updateButtons() {
        canRemove.set(limiters.size() > 1);
    }
}
