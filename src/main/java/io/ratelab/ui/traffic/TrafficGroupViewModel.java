package io.ratelab.ui.traffic;

import io.ratelab.limit.Durations;
import io.ratelab.scenario.ArrivalSpec;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.RetrySpec;
import io.ratelab.scenario.TraceSpec;
import io.ratelab.scenario.TrafficSpec;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One traffic group in the traffic panel: name, clients, arrival process with the keys that process takes, and the
 * retry policy with its keys. Every edit rebuilds a {@link TrafficSpec} through the scenario's strict reader; a
 * valid one replaces {@link #specProperty() spec}, an invalid one sets {@link #errorProperty() error}. A group that
 * replays a trace has no clients or arrival process: it shows as what it is (its file, format, speed and loop, key),
 * kept as read, with its name and retry policy editable. FX thread only; no nodes.
 */
public final class TrafficGroupViewModel {

    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty clients = new SimpleStringProperty("1");
    private final ObjectProperty<ArrivalSpec.Process> process = new SimpleObjectProperty<>(ArrivalSpec.Process.POISSON);
    private final StringProperty retryPolicy = new SimpleStringProperty("none");
    private final ObservableList<FieldViewModel> arrivalFields = FXCollections.observableArrayList();
    private final ObservableList<FieldViewModel> retryFields = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TrafficSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper replaysTrace = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper traceFile = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper traceFormat = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper traceReplay = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper traceKey = new ReadOnlyStringWrapper("");
    private final Map<String, String> remembered = new HashMap<>();
    private String route;
    private Integer addresses;
    /** The group's trace, kept as read (this panel edits modelled arrivals; the Trace tab replays traces). */
    private TraceSpec trace;
    private boolean loading;

    TrafficGroupViewModel(TrafficSpec initial) {
        name.addListener((o, a, b) -> rebuild());
        clients.addListener((o, a, b) -> rebuild());
        process.addListener((o, a, b) -> processChanged());
        retryPolicy.addListener((o, a, b) -> policyChanged());
        load(initial);
    }

    /** Shows {@code s}. */
    void load(TrafficSpec s) {
        loading = true;
        try {
            remembered.clear();
            arrivalFields.clear();
            retryFields.clear();
            trace = s.trace();
            showTrace(s.trace());
            if (s.arrival() != null) {
                Map<?, ?> arrival = FileFormats.json().convertValue(s.arrival(), Map.class);
                arrival.forEach((k, v) -> remembered.put("arrival." + k, String.valueOf(v)));
            }
            if (s.retry() != null) {
                Map<?, ?> retry = FileFormats.json().convertValue(s.retry(), Map.class);
                retry.forEach((k, v) -> remembered.put("retry." + k, String.valueOf(v)));
            }
            name.set(s.name());
            clients.set(String.valueOf(s.clients() == null ? 1 : s.clients()));
            route = s.route();
            addresses = s.addresses();
            process.set(s.arrival() != null ? s.arrival().process() : ArrivalSpec.Process.POISSON);
            processChanged();
            retryPolicy.set(s.retry() == null ? "none" : s.retry().policy());
            policyChanged();
        } finally {
            loading = false;
        }
        rebuild();
    }

    /** The trace's settings as the panel shows them, the defaults said in words; all empty for a modelled group. */
    private void showTrace(TraceSpec t) {
        replaysTrace.set(t != null);
        traceFile.set(t == null ? "" : t.path());
        traceFormat.set(t == null ? "" : t.format() != null ? t.format() : "detected from the file");
        traceKey.set(t == null ? "" : t.key() != null ? t.key() : "the format's default");
        if (t == null) {
            traceReplay.set("");
            return;
        }
        double speed = t.speed() == null ? 1 : t.speed();
        String times = (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed)) + "×";
        traceReplay.set(times + (Boolean.TRUE.equals(t.loop()) ? ", looped until the duration" : ", once")
                + (t.reorderWindow() == null ? "" : "; reorder window " + Durations.format(t.reorderWindow())));
    }

    private void processChanged() {
        keep(arrivalFields, "arrival.");
        ArrivalSpec.Process p = process.get();
        List<FieldViewModel> fresh = new ArrayList<>();
        for (String key : TrafficFields.ARRIVAL_ORDER) {
            boolean required = p.requiredKeys().contains(key);
            if (required || p.optionalKeys().contains(key)) {
                String value = remembered.get("arrival." + key);
                FieldViewModel f = TrafficFields.arrival(key, required, value);
                f.enabledProperty().set(required || value != null);
                fresh.add(f);
            }
        }
        watch(fresh);
        arrivalFields.setAll(fresh);
        rebuild();
    }

    private void policyChanged() {
        keep(retryFields, "retry.");
        List<FieldViewModel> fresh = new ArrayList<>();
        for (String key : TrafficFields.RETRY_ORDER) {
            if (RetrySpec.keysOf(retryPolicy.get()).contains(key)) {
                String value = remembered.get("retry." + key);
                FieldViewModel f = TrafficFields.retry(key, value);
                f.enabledProperty().set(value != null);
                fresh.add(f);
            }
        }
        watch(fresh);
        retryFields.setAll(fresh);
        rebuild();
    }

    private void keep(List<FieldViewModel> fields, String prefix) {
        for (FieldViewModel f : fields) {
            if (f.isSent()) {
                remembered.put(prefix + f.key(), f.textProperty().get());
            }
        }
    }

    private void watch(List<FieldViewModel> fields) {
        for (FieldViewModel f : fields) {
            f.textProperty().addListener((o, a, b) -> rebuild());
            f.enabledProperty().addListener((o, a, b) -> rebuild());
        }
    }

    private void rebuild() {
        if (loading) {
            return;
        }
        try {
            TrafficSpec s = FileFormats.json().convertValue(toMap(), TrafficSpec.class);
            error.set("");
            if (!s.equals(spec.get())) {
                spec.set(s);
            }
        } catch (IllegalArgumentException e) {
            error.set(SpecMessages.of(e));
        }
    }

    /** The entry as a scenario file would hold it, values as typed. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name.get());
        if (trace != null) {
            m.put("trace", FileFormats.json().convertValue(trace, Map.class));
            retry(m);
            return m;
        }
        m.put("clients", parseClients(clients.get()));
        if (addresses != null) {
            m.put("addresses", addresses);
        }
        if (route != null) {
            m.put("route", route);
        }
        Map<String, Object> arrival = new LinkedHashMap<>();
        arrival.put("process", process.get().id());
        arrivalFields.stream().filter(FieldViewModel::isSent).forEach(f -> arrival.put(f.key(), f.textProperty().get()));
        m.put("arrival", arrival);
        retry(m);
        return m;
    }

    private void retry(Map<String, Object> m) {
        if (!"none".equals(retryPolicy.get())) {
            Map<String, Object> retry = new LinkedHashMap<>();
            retry.put("policy", retryPolicy.get());
            for (FieldViewModel f : retryFields) {
                if (f.isSent()) {
                    retry.put(f.key(), "maxAttempts".equals(f.key()) ? parseClients(f.textProperty().get())
                            : f.textProperty().get());
                }
            }
            m.put("retry", retry);
        }
    }

    /** True when the group replays a trace (kept as read; its arrival fields do not apply). */
    public boolean replaysTrace() {
        return replaysTrace.get();
    }

    /** True when the group replays a trace: the panel shows the trace, not clients and an arrival process. */
    public ReadOnlyBooleanProperty replaysTraceProperty() {
        return replaysTrace.getReadOnlyProperty();
    }

    /** The trace file as the scenario names it (relative to the scenario file), or empty. */
    public ReadOnlyStringProperty traceFileProperty() {
        return traceFile.getReadOnlyProperty();
    }

    /** The trace's format, or that it is detected from the file; empty for a modelled group. */
    public ReadOnlyStringProperty traceFormatProperty() {
        return traceFormat.getReadOnlyProperty();
    }

    /** The replay's speed and whether it loops ("10×, once"); empty for a modelled group. */
    public ReadOnlyStringProperty traceReplayProperty() {
        return traceReplay.getReadOnlyProperty();
    }

    /** Who is a client in the trace ("ip", "header:X-Api-Key"), or the format's default; empty for a modelled group. */
    public ReadOnlyStringProperty traceKeyProperty() {
        return traceKey.getReadOnlyProperty();
    }

    /** Whole numbers as numbers, anything else as typed (so the reader reports it). */
    private static Object parseClients(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return text;
        }
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty clientsProperty() {
        return clients;
    }

    public ObjectProperty<ArrivalSpec.Process> processProperty() {
        return process;
    }

    /** none, immediate, backoff or retry-after. */
    public StringProperty retryPolicyProperty() {
        return retryPolicy;
    }

    public ObservableList<FieldViewModel> arrivalFields() {
        return arrivalFields;
    }

    public ObservableList<FieldViewModel> retryFields() {
        return retryFields;
    }

    /** The last valid entry. */
    public ReadOnlyObjectProperty<TrafficSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    /** Empty while valid, else what is wrong. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
