package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;

/**
 * One parameter of a limiter in the limiter panel: a text field, a logarithmic slider that moves with it, an
 * "enabled" switch for optional parameters (off means "the algorithm's default"), and a validation message.
 *
 * <p>The text is the source of truth; moving the slider writes a rounded value into the text, typing a valid value
 * moves the slider. FX thread only (like every view model), but no JavaFX nodes: tested without the toolkit.
 */
public final class ParamViewModel {

    private final Algorithm.Param param;
    private final ParamKind kind;
    private final boolean required;
    private final StringProperty text = new SimpleStringProperty();
    private final DoubleProperty slider = new SimpleDoubleProperty();
    private final BooleanProperty enabled = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private boolean syncing;

    /**
     * @param param    which parameter
     * @param required whether the algorithm requires it (then it cannot be disabled)
     * @param initial  the starting text, or null for the parameter's default
     */
    ParamViewModel(Algorithm.Param param, boolean required, String initial) {
        this.param = param;
        this.kind = ParamKind.of(param);
        this.required = required;
        enabled.set(required || initial != null);
        text.addListener((obs, o, n) -> textChanged(n));
        slider.addListener((obs, o, n) -> sliderMoved(n.doubleValue()));
        text.set(initial != null ? initial : defaultText(param));
        enabled.addListener((obs, o, n) -> {
            if (!n && required) {
                enabled.set(true);
            }
        });
    }

    /** The text a fresh field shows for {@code p}: a typical value. */
    static String defaultText(Algorithm.Param p) {
        return switch (p) {
            case RATE -> "100/s";
            case BURST -> "50";
            case WINDOW -> "1s";
            case PERIOD -> "10s";
            case DELAY -> "0";
            case FILL_INTERVAL -> "1s";
            case CONCURRENCY -> "32";
            case NODELAY, LEGACY_TIMER -> "false";
        };
    }

    /** The text of a parameter value as a field shows it ({@code 100/s}, {@code 250ms}, {@code 20}, {@code true}). */
    static String format(Object value) {
        if (value instanceof Duration d) {
            return Durations.format(d);
        }
        if (value instanceof Rate r) {
            return r.toString();
        }
        return String.valueOf(value);
    }

    public Algorithm.Param param() {
        return param;
    }

    /** The label, the parameter's file name ({@code burst}, {@code fillInterval}). */
    public String label() {
        return param.key();
    }

    /** The unit shown next to the field. */
    public String unit() {
        return switch (param) {
            case CONCURRENCY -> "in flight";
            case BURST, DELAY -> "requests";
            default -> kind.unit();
        };
    }

    /** What the parameter means, for the tooltip. */
    public String help() {
        return ParamHelp.of(param);
    }

    public boolean isRequired() {
        return required;
    }

    /** True for an on/off parameter (a check box, no slider). */
    public boolean isFlag() {
        return kind == ParamKind.FLAG;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** Slider position in [0, 1] (logarithmic). */
    public DoubleProperty sliderProperty() {
        return slider;
    }

    /** For optional parameters: whether a value is given; always true for required ones. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** Empty when the text is valid, otherwise what is wrong with it. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * The parsed value for a {@code LimiterSpec}: a {@link Rate}, {@link Long}, {@link Duration} or {@link Boolean};
     * null when the parameter is disabled.
     *
     * @throws IllegalArgumentException when the text is not valid, naming the parameter
     */
    public Object value() {
        if (!enabled.get()) {
            return null;
        }
        try {
            return kind.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(param.key() + ": " + e.getMessage(), e);
        }
    }

    private void textChanged(String t) {
        try {
            Object v = kind.parse(t);
            error.set("");
            if (!syncing && kind != ParamKind.FLAG) {
                syncing = true;
                slider.set(kind.position(kind.magnitude(v)));
                syncing = false;
            }
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
    }

    private void sliderMoved(double position) {
        if (syncing || kind == ParamKind.FLAG) {
            return;
        }
        syncing = true;
        text.set(kind.textOf(kind.magnitudeAt(position)));
        syncing = false;
    }
}
