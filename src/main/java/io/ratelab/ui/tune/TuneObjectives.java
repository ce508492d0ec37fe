package io.ratelab.ui.tune;

import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.TuneSpec;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Tune tab's objective inputs, one text per key of the scenario's {@code tune:} section ({@link TuneSpec}):
 * spare share and of, legitimate groups and the rate above which a key is excluded, protect's maxRate, utilisation
 * and p99, the attack (an existing group, or clients at a rate), growth and replicas. Every edit is validated; a
 * valid set is handed to {@code onEdit} (which writes it into the scenario document, so the window shows it unsaved),
 * an invalid one leaves a message naming the field in {@link #errorProperty()} and is not written. Loading a
 * scenario's section ({@link #load}) is not an edit. FX thread only; no nodes.
 */
public final class TuneObjectives {

    private final StringProperty spare = new SimpleStringProperty("99.9%");
    private final StringProperty spareOf = new SimpleStringProperty(TuneSpec.Spare.CLIENTS);
    private final StringProperty legitimate = new SimpleStringProperty("all");
    private final StringProperty excludeAbove = new SimpleStringProperty("");
    private final StringProperty maxRate = new SimpleStringProperty("");
    private final StringProperty utilisation = new SimpleStringProperty("");
    private final StringProperty p99 = new SimpleStringProperty("");
    private final StringProperty attackGroup = new SimpleStringProperty("");
    private final StringProperty attackClients = new SimpleStringProperty("");
    private final StringProperty attackRate = new SimpleStringProperty("");
    private final StringProperty growth = new SimpleStringProperty("1");
    private final StringProperty replicas = new SimpleStringProperty("1");
    private final StringProperty error = new SimpleStringProperty("");
    private final Consumer<TuneSpec> onEdit;
    private final Supplier<List<String>> groups;
    private boolean loading;

    /**
     * @param onEdit told each valid edit's objectives
     * @param groups the scenario's traffic group names, to check the names given against; null when unknown
     */
    public TuneObjectives(Consumer<TuneSpec> onEdit, Supplier<List<String>> groups) {
        this.onEdit = onEdit;
        this.groups = groups;
        for (StringProperty p : all()) {
            p.addListener((obs, o, n) -> edited());
        }
    }

    private List<StringProperty> all() {
        return List.of(spare, spareOf, legitimate, excludeAbove, maxRate, utilisation, p99, attackGroup, attackClients,
                attackRate, growth, replicas);
    }

    /** Fills the inputs from {@code t} (a scenario's section, or the defaults); not an edit. */
    public void load(TuneSpec t) {
        loading = true;
        try {
            spare.set(TuneSpec.percent(t.spare().share()));
            spareOf.set(t.spare().of());
            legitimate.set(t.legitimate().groups() == null ? "all" : String.join(", ", t.legitimate().groups()));
            excludeAbove.set(t.legitimate().clientsAbove() == null ? "" : t.legitimate().clientsAbove().toString());
            TuneSpec.Protect pr = t.protect();
            maxRate.set(pr != null && pr.maxRate() != null ? pr.maxRate().toString() : "");
            utilisation.set(pr != null && pr.utilisation() != null ? TuneSpec.percent(pr.utilisation()) : "");
            p99.set(pr != null && pr.p99() != null ? Durations.format(pr.p99()) : "");
            TuneSpec.Attack at = t.attack();
            attackGroup.set(at != null && at.group() != null ? at.group() : "");
            attackClients.set(at != null && at.clients() != null ? String.valueOf(at.clients()) : "");
            attackRate.set(at != null && at.rate() != null ? at.rate().toString() : "");
            growth.set(t.growth() == Math.rint(t.growth()) ? String.valueOf((long) t.growth())
                    : String.valueOf(t.growth()));
            replicas.set(String.valueOf(t.replicas()));
            error.set("");
        } finally {
            loading = false;
        }
    }

    private void edited() {
        if (loading) {
            return;
        }
        TuneSpec t;
        try {
            t = build();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        onEdit.accept(t);
    }

    /**
     * The objectives the inputs state.
     *
     * @throws IllegalArgumentException {@code field: problem}, the field named as in the {@code tune:} section
     */
    public TuneSpec build() {
        TuneSpec.Spare sp = new TuneSpec.Spare(share("spare.share", spare.get()), spareOf.get());
        String legit = legitimate.get().strip();
        List<String> names = legit.isEmpty() || legit.equals("all") ? null
                : Arrays.stream(legit.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        TuneSpec.Legitimate lg = new TuneSpec.Legitimate(names, rate("legitimate.exclude.clientsAbove",
                excludeAbove.get()));
        Rate max = rate("protect.maxRate", maxRate.get());
        Double util = utilisation.get().isBlank() ? null : share("protect.utilisation", utilisation.get());
        java.time.Duration p = null;
        if (!p99.get().isBlank()) {
            try {
                p = Durations.parse(p99.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("protect.p99: " + e.getMessage());
            }
        }
        TuneSpec.Protect pr = max == null && util == null && p == null ? null : new TuneSpec.Protect(max, util, p);
        TuneSpec.Attack at = null;
        if (!attackGroup.get().isBlank()) {
            if (!attackClients.get().isBlank() || !attackRate.get().isBlank()) {
                throw new IllegalArgumentException("attack: either a group's name or clients at a rate, not both");
            }
            at = new TuneSpec.Attack(null, null, attackGroup.get().strip());
        } else if (!attackClients.get().isBlank() || !attackRate.get().isBlank()) {
            at = new TuneSpec.Attack(attackClients.get().isBlank() ? null
                    : (int) whole("attack.clients", attackClients.get()), rate("attack.rate", attackRate.get()), null);
        }
        double g;
        try {
            g = Double.parseDouble(growth.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("growth: '" + growth.get() + "' is not a number");
        }
        TuneSpec t = new TuneSpec(sp, lg, pr, at, g, (int) whole("replicas", replicas.get()));
        List<String> known = groups == null ? null : groups.get();
        if (known != null) {
            t.checkGroups(known);
        }
        return t;
    }

    private static double share(String field, String text) {
        try {
            return TuneSpec.parseShare(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private static Rate rate(String field, String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Rate.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private static long whole(String field, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a whole number");
        }
    }

    public StringProperty spareProperty() {
        return spare;
    }

    public StringProperty spareOfProperty() {
        return spareOf;
    }

    public StringProperty legitimateProperty() {
        return legitimate;
    }

    public StringProperty excludeAboveProperty() {
        return excludeAbove;
    }

    public StringProperty maxRateProperty() {
        return maxRate;
    }

    public StringProperty utilisationProperty() {
        return utilisation;
    }

    public StringProperty p99Property() {
        return p99;
    }

    public StringProperty attackGroupProperty() {
        return attackGroup;
    }

    public StringProperty attackClientsProperty() {
        return attackClients;
    }

    public StringProperty attackRateProperty() {
        return attackRate;
    }

    public StringProperty growthProperty() {
        return growth;
    }

    public StringProperty replicasProperty() {
        return replicas;
    }

    /** What is wrong with the inputs, naming the field; empty when they are valid. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }
}
