package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The limiter panel's logic: an algorithm picker with its one-line explanation, the parameters that algorithm takes
 * (required first, then optional), and the resulting {@link LimiterSpec}. Every edit rebuilds the spec; a valid one
 * replaces {@link #specProperty() spec} (which the workbench forwards to the running proxy), an invalid one leaves it
 * and says why in {@link #errorProperty() error}.
 *
 * <p>Switching the algorithm keeps the values of the parameters the two algorithms share (rate, burst, ...).
 * FX thread only; no JavaFX nodes.
 */
public final class LimiterViewModel {

    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<Algorithm> algorithm = new SimpleObjectProperty<>(Algorithm.TOKEN_BUCKET);
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper();
    private final ObservableList<ParamViewModel> params = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LimiterSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final Map<Algorithm.Param, String> remembered = new EnumMap<>(Algorithm.Param.class);
    private boolean loading;

    public LimiterViewModel() {
        algorithm.addListener((obs, o, n) -> {
            if (!loading && o != null) {
                name.set(nameAfterSwitch(name.get(), o, n));
            }
            algorithmChanged(n);
        });
        name.addListener((obs, o, n) -> rebuild());
        load(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(100), 50L));
    }

    /** The algorithms a user can pick, in the order the picker lists them. */
    public List<Algorithm> algorithms() {
        return List.of(Algorithm.values());
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<Algorithm> algorithmProperty() {
        return algorithm;
    }

    /** The picked algorithm's one-line explanation. */
    public ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /** The parameters of the picked algorithm: required ones first. */
    public ObservableList<ParamViewModel> params() {
        return params;
    }

    /** The last valid spec. */
    public ReadOnlyObjectProperty<LimiterSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    public LimiterSpec getSpec() {
        return spec.get();
    }

    /** Empty while the fields describe a valid limiter, otherwise what is wrong. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Shows {@code s} in the panel: its name, algorithm and parameter values. */
    public void load(LimiterSpec s) {
        loading = true;
        try {
            remembered.clear();
            remember(Algorithm.Param.RATE, s.rate());
            remember(Algorithm.Param.BURST, s.burst());
            remember(Algorithm.Param.WINDOW, s.window());
            remember(Algorithm.Param.PERIOD, s.period());
            remember(Algorithm.Param.NODELAY, s.nodelay());
            remember(Algorithm.Param.DELAY, s.delay());
            remember(Algorithm.Param.FILL_INTERVAL, s.fillInterval());
            remember(Algorithm.Param.LEGACY_TIMER, s.legacyTimer());
            remember(Algorithm.Param.CONCURRENCY, s.concurrency());
            name.set(s.name().equals(s.algorithm().id()) ? "" : s.name());
            if (algorithm.get() == s.algorithm()) {
                algorithmChanged(s.algorithm());
            } else {
                algorithm.set(s.algorithm());
            }
        } finally {
            loading = false;
        }
        rebuild();
    }

    /**
     * The name a limiter should have after its algorithm changed from {@code from} to {@code to}: a name that only
     * said the old algorithm ("token bucket", "token-bucket", "token bucket 2") becomes the new one's in the same
     * style ("fixed window", ...), so that a fixed window is not left called "token bucket" (issue 21); a name of the
     * user's own ("edge") stays, and an empty one stays empty (it stands for the algorithm's id anyway).
     */
    static String nameAfterSwitch(String name, Algorithm from, Algorithm to) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.*?)( \\d+)?").matcher(name);
        if (name.isEmpty() || !m.matches()) {
            return name;
        }
        String stem = m.group(1);
        String suffix = m.group(2) == null ? "" : m.group(2);
        if (stem.equals(from.id())) {
            return to.id() + suffix;
        }
        if (stem.equals(from.id().replace('-', ' '))) {
            return to.id().replace('-', ' ') + suffix;
        }
        return name;
    }

    private void remember(Algorithm.Param p, Object value) {
        if (value != null) {
            remembered.put(p, ParamViewModel.format(value));
        }
    }

    private void algorithmChanged(Algorithm a) {
        for (ParamViewModel p : loading ? List.<ParamViewModel>of() : params) {
            if (p.enabledProperty().get()) {
                remembered.put(p.param(), p.textProperty().get());
            }
        }
        explanation.set(a.explanation());
        List<ParamViewModel> fresh = new ArrayList<>();
        for (Algorithm.Param p : a.required()) {
            fresh.add(new ParamViewModel(p, true, remembered.get(p)));
        }
        for (Algorithm.Param p : a.optional()) {
            fresh.add(new ParamViewModel(p, false, remembered.get(p)));
        }
        for (ParamViewModel p : fresh) {
            p.textProperty().addListener((obs, o, n) -> rebuild());
            p.enabledProperty().addListener((obs, o, n) -> rebuild());
        }
        params.setAll(fresh);
        rebuild();
    }

    private void rebuild() {
        if (loading) {
            return;
        }
        try {
            LimiterSpec s = build();
            s.build();
            error.set("");
            if (!s.equals(spec.get())) {
                spec.set(s);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            error.set(e.getMessage());
        }
    }

    private LimiterSpec build() {
        Map<Algorithm.Param, Object> v = new EnumMap<>(Algorithm.Param.class);
        for (ParamViewModel p : params) {
            Object value = p.value();
            if (value != null) {
                v.put(p.param(), value);
            }
        }
        return LimiterSpec.builder(algorithm.get()).name(name.get()).rate((Rate) v.get(Algorithm.Param.RATE))
                .burst((Long) v.get(Algorithm.Param.BURST)).window((Duration) v.get(Algorithm.Param.WINDOW))
                .period((Duration) v.get(Algorithm.Param.PERIOD)).nodelay(flag(v.get(Algorithm.Param.NODELAY)))
                .delay((Long) v.get(Algorithm.Param.DELAY))
                .fillInterval((Duration) v.get(Algorithm.Param.FILL_INTERVAL))
                .legacyTimer(flag(v.get(Algorithm.Param.LEGACY_TIMER)))
                .concurrency((Long) v.get(Algorithm.Param.CONCURRENCY)).build();
    }

    /** Flags are sent only when on, so "off" means the algorithm's default rather than an explicit false. */
    private static Boolean flag(Object value) {
        return Boolean.TRUE.equals(value) ? Boolean.TRUE : null;
    }
}
