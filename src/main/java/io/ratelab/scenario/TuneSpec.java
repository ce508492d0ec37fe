package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tune:} section of a scenario: the objectives the tuner ({@code ratelab tune}, the Tune tab) chooses a
 * limiter for. Every key is optional and is also a flag of {@code ratelab tune}.
 * <pre>
 * tune:
 *   spare: { share: 99.9%, of: clients }     # of: clients | requests — legitimate traffic that must pass untouched
 *   legitimate: all                          # or a list of group names; or { exclude: { clientsAbove: 20/s } }
 *   protect: { maxRate: 600/s }              # and/or { utilisation: 80% } or { p99: 250ms }
 *   attack: { clients: 1, rate: 200/s }      # an abuser added for scoring, or the name of an existing group
 *   growth: 1.5                              # 'spare' must still hold with legitimate traffic x 1.5
 *   replicas: 1                              # N > 1: per-replica local limits
 * </pre>
 * Read strictly: an unknown key, a share outside (0, 100%], a growth below 1 fail with the field's path.
 *
 * @param spare      the share of legitimate clients or requests that must pass untouched
 * @param legitimate which traffic is legitimate
 * @param protect    what the upstream must be held to; null: nothing
 * @param attack     the abuser scored against; null: none (keys outside 'legitimate' are then the abusers)
 * @param growth     legitimate traffic multiplied by this for the check, at least 1
 * @param replicas   proxies enforcing the limit, 1 to {@value Scenario#MAX_REPLICAS}
 */
@JsonDeserialize(using = TuneSpec.Reader.class)
@JsonSerialize(using = TuneSpec.Writer.class)
public record TuneSpec(Spare spare, Legitimate legitimate, Protect protect, Attack attack, double growth,
                       int replicas) {

    /** The objectives of a scenario without a {@code tune:} section. */
    public static final TuneSpec DEFAULTS = new TuneSpec(null, null, null, null, 1, 1);

    public TuneSpec {
        if (spare == null) {
            spare = new Spare(0.999, Spare.CLIENTS);
        }
        if (legitimate == null) {
            legitimate = Legitimate.ALL;
        }
        if (!(growth >= 1) || growth > 1000) {
            throw new IllegalArgumentException("growth: must be from 1 (no growth) to 1000, got " + growth);
        }
        if (replicas < 1 || replicas > Scenario.MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas: must be 1 to " + Scenario.MAX_REPLICAS + ", got "
                    + replicas);
        }
    }

    /**
     * @param share a fraction in (0, 1]
     * @param of    {@value #CLIENTS} (each client's every request passes) or {@value #REQUESTS}
     */
    public record Spare(double share, String of) {
        public static final String CLIENTS = "clients";
        public static final String REQUESTS = "requests";

        public Spare {
            if (!(share > 0) || share > 1) {
                throw new IllegalArgumentException("spare.share: must be above 0% and at most 100%, got "
                        + percent(share));
            }
            if (of == null) {
                of = CLIENTS;
            }
            if (!of.equals(CLIENTS) && !of.equals(REQUESTS)) {
                throw new IllegalArgumentException("spare.of: must be clients or requests, got '" + of + "'");
            }
        }

        public boolean ofRequests() {
            return REQUESTS.equals(of);
        }
    }

    /**
     * @param groups       the legitimate groups by name; null: every group (less the attack's)
     * @param clientsAbove keys whose mean rate over the traffic is above this are not legitimate; null: none
     */
    public record Legitimate(List<String> groups, Rate clientsAbove) {
        public static final Legitimate ALL = new Legitimate(null, null);

        public Legitimate {
            groups = groups == null ? null : List.copyOf(groups);
            if (groups != null && groups.isEmpty()) {
                throw new IllegalArgumentException("legitimate: name at least one group, or write all");
            }
        }
    }

    /**
     * @param maxRate     most admitted requests in any one second, all keys together; null: no bound
     * @param utilisation the upstream's busy share at most this (0..1]; null: no bound
     * @param p99         the 99th percentile of admitted latency at most this; null: no bound
     */
    public record Protect(Rate maxRate, Double utilisation, Duration p99) {
        public Protect {
            if (utilisation != null && (!(utilisation > 0) || utilisation > 1)) {
                throw new IllegalArgumentException("protect.utilisation: must be above 0% and at most 100%, got "
                        + percent(utilisation));
            }
            if (maxRate == null && utilisation == null && p99 == null) {
                throw new IllegalArgumentException("protect: give maxRate, utilisation or p99 (or leave protect out)");
            }
        }
    }

    /**
     * @param clients how many abusers, each at {@code rate}; with {@code group} null
     * @param rate    each abuser's rate (Poisson); with {@code group} null
     * @param group   the name of an existing traffic group that is the abuser; else null
     */
    public record Attack(Integer clients, Rate rate, String group) {
        public Attack {
            if (group == null) {
                if (rate == null) {
                    throw new IllegalArgumentException("attack.rate: is required, e.g. {clients: 1, rate: 200/s}, or"
                            + " name an existing traffic group");
                }
                if (clients == null) {
                    clients = 1;
                }
                if (clients < 1 || clients > 100_000) {
                    throw new IllegalArgumentException("attack.clients: must be 1 to 100000, got " + clients);
                }
            } else if (clients != null || rate != null) {
                throw new IllegalArgumentException("attack: either a group's name or {clients, rate}, not both");
            }
        }
    }

    /**
     * Checks the names this section refers to against the scenario's traffic groups.
     *
     * @throws IllegalArgumentException {@code tune: ...} naming the unknown group
     */
    public void checkGroups(List<String> names) {
        List<String> unknown = new ArrayList<>();
        if (legitimate.groups() != null) {
            legitimate.groups().stream().filter(g -> !names.contains(g)).forEach(unknown::add);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("tune: legitimate names no traffic group " + unknown + "; the"
                    + " scenario has " + names);
        }
        if (attack != null && attack.group() != null && !names.contains(attack.group())) {
            throw new IllegalArgumentException("tune: attack names no traffic group '" + attack.group() + "'; the"
                    + " scenario has " + names);
        }
        if (attack != null && attack.group() != null && legitimate.groups() != null
                && legitimate.groups().contains(attack.group())) {
            throw new IllegalArgumentException("tune: attack group '" + attack.group() + "' cannot be both the"
                    + " attack and legitimate");
        }
    }

    /** {@code 99.9%} from a fraction. */
    public static String percent(double fraction) {
        String s = String.format(Locale.ROOT, "%.4f", fraction * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    /**
     * A share written {@code 99.9%} or as a fraction {@code 0.999}.
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static double parseShare(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                double v = Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100;
                return Math.round(v * 1e9) / 1e9;
            }
            double v = Double.parseDouble(t);
            if (v > 1) {
                throw new IllegalArgumentException("'" + text + "' is above 1; write a percentage such as 99.9%");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a share; write a percentage such as 99.9%");
        }
    }

    static final class Reader extends StdDeserializer<TuneSpec> {

        private static final Set<String> TOP = Set.of("spare", "legitimate", "protect", "attack", "growth",
                "replicas");

        Reader() {
            super(TuneSpec.class);
        }

        @Override
        public TuneSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonLocation start = p.currentTokenLocation();
            JsonNode node = ctxt.readTree(p);
            if (node == null || !node.isObject()) {
                throw LocatedProblem.of(start, "tune is a mapping such as {spare: {share: 99.9%, of: clients}}");
            }
            try {
                only(node, TOP, "");
                return new TuneSpec(spare(node.get("spare")), legitimate(node.get("legitimate")),
                        protect(node.get("protect")), attack(node.get("attack")),
                        number(node.get("growth"), "growth", 1), (int) whole(node.get("replicas"), "replicas", 1));
            } catch (IllegalArgumentException e) {
                throw LocatedProblem.fromMessage(start, e);
            }
        }

        private static Spare spare(JsonNode n) {
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                throw new IllegalArgumentException("spare: write {share: 99.9%, of: clients}");
            }
            only(n, Set.of("share", "of"), "spare.");
            JsonNode share = n.get("share");
            if (share == null) {
                throw new IllegalArgumentException("spare.share: is required, e.g. 99.9%");
            }
            return new Spare(share(share, "spare.share"), n.has("of") ? n.get("of").asText() : null);
        }

        private static Legitimate legitimate(JsonNode n) {
            if (n == null || n.isTextual() && n.asText().equals("all")) {
                return null;
            }
            if (n.isArray()) {
                List<String> names = new ArrayList<>();
                n.forEach(x -> names.add(x.asText()));
                return new Legitimate(names, null);
            }
            if (n.isObject() && n.has("exclude")) {
                only(n, Set.of("exclude"), "legitimate.");
                JsonNode ex = n.get("exclude");
                if (!ex.isObject() || !ex.has("clientsAbove")) {
                    throw new IllegalArgumentException("legitimate.exclude: write {clientsAbove: 20/s}");
                }
                only(ex, Set.of("clientsAbove"), "legitimate.exclude.");
                return new Legitimate(null, rate(ex.get("clientsAbove"), "legitimate.exclude.clientsAbove"));
            }
            throw new IllegalArgumentException("legitimate: write all, a list of group names, or {exclude:"
                    + " {clientsAbove: 20/s}}");
        }

        private static Protect protect(JsonNode n) {
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                throw new IllegalArgumentException("protect: write {maxRate: 600/s}, {utilisation: 80%} or"
                        + " {p99: 250ms}");
            }
            only(n, Set.of("maxRate", "utilisation", "p99"), "protect.");
            return new Protect(n.has("maxRate") ? rate(n.get("maxRate"), "protect.maxRate") : null,
                    n.has("utilisation") ? share(n.get("utilisation"), "protect.utilisation") : null,
                    n.has("p99") ? duration(n.get("p99"), "protect.p99") : null);
        }

        private static Attack attack(JsonNode n) {
            if (n == null) {
                return null;
            }
            if (n.isTextual()) {
                return new Attack(null, null, n.asText());
            }
            if (!n.isObject()) {
                throw new IllegalArgumentException("attack: write {clients: 1, rate: 200/s} or a group's name");
            }
            only(n, Set.of("clients", "rate"), "attack.");
            return new Attack(n.has("clients") ? (int) whole(n.get("clients"), "attack.clients", 1) : null,
                    n.has("rate") ? rate(n.get("rate"), "attack.rate") : null, null);
        }

        private static void only(JsonNode n, Set<String> allowed, String prefix) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw new IllegalArgumentException(prefix + f + ": unknown key; allowed here: "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        private static double share(JsonNode n, String field) {
            try {
                return n.isNumber() ? checkFraction(n.asDouble()) : parseShare(n.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage());
            }
        }

        private static double checkFraction(double v) {
            if (v > 1) {
                throw new IllegalArgumentException(v + " is above 1; write a percentage such as 99.9%");
            }
            return v;
        }

        private static Rate rate(JsonNode n, String field) {
            try {
                return Rate.parse(n.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage());
            }
        }

        private static Duration duration(JsonNode n, String field) {
            try {
                return Durations.parse(n.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage());
            }
        }

        private static double number(JsonNode n, String field, double dflt) {
            if (n == null) {
                return dflt;
            }
            if (!n.isNumber()) {
                throw new IllegalArgumentException(field + ": must be a number, got '" + n.asText() + "'");
            }
            return n.asDouble();
        }

        private static long whole(JsonNode n, String field, long dflt) {
            if (n == null) {
                return dflt;
            }
            if (!n.isIntegralNumber()) {
                throw new IllegalArgumentException(field + ": must be a whole number, got '" + n.asText() + "'");
            }
            return n.asLong();
        }
    }

    static final class Writer extends StdSerializer<TuneSpec> {

        Writer() {
            super(TuneSpec.class);
        }

        @Override
        public void serialize(TuneSpec t, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("spare", Map.of("share", percent(t.spare().share()), "of", t.spare().of()));
            if (t.legitimate().groups() != null) {
                m.put("legitimate", t.legitimate().groups());
            } else if (t.legitimate().clientsAbove() != null) {
                m.put("legitimate", Map.of("exclude", Map.of("clientsAbove",
                        t.legitimate().clientsAbove().toString())));
            } else {
                m.put("legitimate", "all");
            }
            if (t.protect() != null) {
                Map<String, Object> p = new java.util.LinkedHashMap<>();
                if (t.protect().maxRate() != null) {
                    p.put("maxRate", t.protect().maxRate().toString());
                }
                if (t.protect().utilisation() != null) {
                    p.put("utilisation", percent(t.protect().utilisation()));
                }
                if (t.protect().p99() != null) {
                    p.put("p99", Durations.format(t.protect().p99()));
                }
                m.put("protect", p);
            }
            if (t.attack() != null) {
                m.put("attack", t.attack().group() != null ? t.attack().group()
                        : Map.of("clients", t.attack().clients(), "rate", t.attack().rate().toString()));
            }
            m.put("growth", t.growth());
            m.put("replicas", t.replicas());
            gen.writeObject(m);
        }
    }
}
