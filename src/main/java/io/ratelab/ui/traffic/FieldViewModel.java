package io.ratelab.ui.traffic;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One key of a scenario entry as a text field: {@code rate: 5/s}, {@code over: 30s}. Required keys are always sent;
 * optional ones only while {@link #enabledProperty() enabled}. The text is parsed where the whole entry is (the
 * scenario's own strict reader), so the field takes exactly what a file would. FX thread only; no nodes.
 */
public final class FieldViewModel {

    private final String key;
    private final boolean required;
    private final String hint;
    private final StringProperty text = new SimpleStringProperty();
    private final BooleanProperty enabled = new SimpleBooleanProperty();

    FieldViewModel(String key, boolean required, String initial, String hint) {
        this.key = key;
        this.required = required;
        this.hint = hint;
        text.set(initial);
        enabled.set(required);
    }

    public String key() {
        return key;
    }

    public boolean isRequired() {
        return required;
    }

    /** What to write, e.g. "per client, N/s". */
    public String hint() {
        return hint;
    }

    public StringProperty textProperty() {
        return text;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** True when the key goes into the entry. */
    boolean isSent() {
        return required || enabled.get();
    }
}
