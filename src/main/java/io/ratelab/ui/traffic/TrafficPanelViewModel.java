package io.ratelab.ui.traffic;

import io.ratelab.limit.Durations;
import io.ratelab.load.HttpTarget;
import io.ratelab.scenario.ArrivalSpec;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.scenario.TrafficSpec;
import io.ratelab.scenario.UpstreamSpec;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The traffic panel: the scenario's duration and key rule, its traffic groups (add, remove, edit), the upstream model
 * and, optionally, an external target URL for live runs instead of the embedded proxy. {@link #build} checks it all
 * and returns the parts of a scenario, or throws with what is wrong. FX thread only; no nodes.
 */
public final class TrafficPanelViewModel {

    private final StringProperty duration = new SimpleStringProperty("60s");
    private final StringProperty key = new SimpleStringProperty("ip");
    private final ObservableList<TrafficGroupViewModel> groups = FXCollections.observableArrayList();
    private final BooleanProperty upstreamModel = new SimpleBooleanProperty(true);
    /** The upstream as loaded: what the panel has no field for (queueLimit) and what the file left out stay so. */
    private UpstreamSpec loadedUpstream;
    private final StringProperty concurrency = new SimpleStringProperty("64");
    private final ObjectProperty<ServiceTimeSpec.Distribution> distribution =
            new SimpleObjectProperty<>(ServiceTimeSpec.Distribution.LOGNORMAL);
    private final StringProperty median = new SimpleStringProperty("20ms");
    private final StringProperty p99 = new SimpleStringProperty("200ms");
    private final StringProperty errorRate = new SimpleStringProperty("0");
    private final BooleanProperty external = new SimpleBooleanProperty(false);
    private final StringProperty externalUrl = new SimpleStringProperty("http://127.0.0.1:9000/");

    /** The checked parts of a scenario that this panel holds. */
    public record Parts(Duration duration, KeyRule key, List<TrafficSpec> traffic, UpstreamSpec upstream,
                        HttpTarget externalTarget) {
    }

    public TrafficPanelViewModel() {
        addGroup();
    }

    /** Shows a scenario's parts. */
    public void load(Duration d, KeyRule k, List<TrafficSpec> traffic, UpstreamSpec upstream) {
        duration.set(Durations.format(d));
        key.set(k.toString());
        List<TrafficGroupViewModel> fresh = new ArrayList<>();
        for (TrafficSpec t : traffic) {
            fresh.add(new TrafficGroupViewModel(t));
        }
        groups.setAll(fresh);
        upstreamModel.set(upstream != null);
        loadedUpstream = upstream;
        if (upstream != null) {
            concurrency.set(String.valueOf(upstream.concurrency()));
            ServiceTimeSpec st = upstream.serviceTime();
            distribution.set(st.distribution());
            median.set(st.median() != null ? Durations.format(st.median())
                    : st.min() != null ? Durations.format(st.min()) : "20ms");
            p99.set(st.p99() != null ? Durations.format(st.p99())
                    : st.max() != null ? Durations.format(st.max()) : "200ms");
            errorRate.set(String.valueOf(upstream.errorRateOrZero()));
        }
    }

    /** Adds a group of 10 Poisson clients at 5/s each under a fresh name. */
    public TrafficGroupViewModel addGroup() {
        Set<String> taken = new HashSet<>();
        groups.forEach(g -> taken.add(g.nameProperty().get()));
        String name = "clients";
        for (int n = 2; taken.contains(name); n++) {
            name = "clients " + n;
        }
        TrafficSpec spec = new TrafficSpec(name, 10, null, null,
                ArrivalSpec.poisson(io.ratelab.limit.Rate.perSecond(5)), null);
        TrafficGroupViewModel g = new TrafficGroupViewModel(spec);
        groups.add(g);
        return g;
    }

    /** Removes a group; the last one stays (a scenario needs traffic). */
    public void removeGroup(TrafficGroupViewModel g) {
        if (groups.size() > 1) {
            groups.remove(g);
        }
    }

    /**
     * The checked parts.
     *
     * @throws IllegalArgumentException naming the field and what is wrong
     */
    public Parts build() {
        Duration d;
        try {
            d = Durations.parse(duration.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duration: " + e.getMessage(), e);
        }
        KeyRule k;
        try {
            k = KeyRule.parse(key.get().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key: " + e.getMessage(), e);
        }
        List<TrafficSpec> traffic = new ArrayList<>();
        for (TrafficGroupViewModel g : groups) {
            if (!g.errorProperty().get().isEmpty()) {
                throw new IllegalArgumentException("traffic '" + g.nameProperty().get() + "': "
                        + g.errorProperty().get());
            }
            traffic.add(g.specProperty().get());
        }
        HttpTarget target = null;
        if (external.get()) {
            target = HttpTarget.parse(externalUrl.get());
        }
        return new Parts(d, k, traffic, upstreamModel.get() ? upstream() : null, target);
    }

    private UpstreamSpec upstream() {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("distribution", distribution.get().id());
        switch (distribution.get()) {
            case UNIFORM -> {
                st.put("min", median.get());
                st.put("max", p99.get());
            }
            case LOGNORMAL -> {
                st.put("median", median.get());
                st.put("p99", p99.get());
            }
            default -> st.put("median", median.get());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("concurrency", number(concurrency.get(), true));
        m.put("serviceTime", st);
        Object rate = number(errorRate.get(), false);
        // an absent errorRate shows as 0 and stays absent while it reads 0, so opening a file does not modify it
        if (!(rate instanceof Double d && d == 0 && loadedUpstream != null && loadedUpstream.errorRate() == null)) {
            m.put("errorRate", rate);
        }
        if (loadedUpstream != null && loadedUpstream.queueLimit() != null) {
            m.put("queueLimit", loadedUpstream.queueLimit());
        }
        try {
            return FileFormats.json().convertValue(m, UpstreamSpec.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("upstream: " + SpecMessages.of(e), e);
        }
    }

    private static Object number(String text, boolean whole) {
        try {
            return whole ? (Object) Integer.parseInt(text.strip()) : (Object) Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** The summed planned rate of the groups at their nominal per-client rate, requests per second. */
    public double nominalRate() {
        double sum = 0;
        for (TrafficGroupViewModel g : groups) {
            TrafficSpec s = g.specProperty().get();
            if (s != null && s.arrival().rate() != null) {
                sum += s.arrival().rate().perSecondDouble() * (s.clients() == null ? 1 : s.clients());
            }
        }
        return sum;
    }

    public StringProperty durationProperty() {
        return duration;
    }

    public StringProperty keyProperty() {
        return key;
    }

    public ObservableList<TrafficGroupViewModel> groups() {
        return groups;
    }

    /** Whether the scenario models an upstream (else it answers at once). */
    public BooleanProperty upstreamModelProperty() {
        return upstreamModel;
    }

    public StringProperty concurrencyProperty() {
        return concurrency;
    }

    public ObjectProperty<ServiceTimeSpec.Distribution> distributionProperty() {
        return distribution;
    }

    /** The median (min for uniform). */
    public StringProperty medianProperty() {
        return median;
    }

    /** The p99 (max for uniform). */
    public StringProperty p99Property() {
        return p99;
    }

    public StringProperty errorRateProperty() {
        return errorRate;
    }

    /** Live runs drive {@link #externalUrlProperty()} instead of the embedded proxy. */
    public BooleanProperty externalProperty() {
        return external;
    }

    public StringProperty externalUrlProperty() {
        return externalUrl;
    }
}
