package io.ratelab.sim;

import io.ratelab.limit.store.KeyedLimiter;
import io.ratelab.scenario.KeyRule;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;

/**
 * What each client looks like to one limiter under its {@link KeyRule}: the key (as the
 * {@link KeyedLimiter#keyHash fingerprint} the keyed limiter files it under, computed once per client) and how many
 * clients share it. {@code ip} keys on the client's source address, {@code header:NAME} on its own id (each client
 * sends its own value, as with API keys), {@code route} on its group's route, {@code global} on nothing; a composed
 * rule joins its parts' values with {@code |}, as the proxy does.
 *
 * <p>Sharing of a composed rule is that of its finest part: a client id is unique, and an address belongs to one group
 * (see {@link TrafficPlan#addressOf}), so {@code header} refines {@code ip}, which refines {@code route}.
 */
final class KeyTable {

    private final KeyRule rule;
    private final KeyRule.Kind finest;
    private final TrafficPlan plan;
    private final long[][] hashes;

    KeyTable(KeyRule rule, TrafficPlan plan) {
        this.rule = rule;
        this.finest = rule.has(KeyRule.Kind.HEADER) ? KeyRule.Kind.HEADER
                : rule.has(KeyRule.Kind.IP) ? KeyRule.Kind.IP : rule.parts().get(0).kind();
        this.plan = plan;
        this.hashes = new long[plan.groups().size()][];
        if (rule.isGlobal()) {
            return;
        }
        for (int g = 0; g < hashes.length; g++) {
            TrafficGroup group = plan.groups().get(g);
            long[] h = new long[group.clients()];
            if (finest == KeyRule.Kind.ROUTE) {
                java.util.Arrays.fill(h, KeyedLimiter.keyHash(group.route()));
            } else {
                for (int c = 0; c < h.length; c++) {
                    h[c] = KeyedLimiter.keyHash(key(g, c));
                }
            }
            hashes[g] = h;
        }
    }

    boolean isGlobal() {
        return rule.isGlobal();
    }

    /** The key's fingerprint of group {@code g}'s client {@code c}; unused for the global rule. */
    long hash(int g, int c) {
        return hashes[g][c];
    }

    /** The key itself, as the proxy would extract it. */
    String key(int g, int c) {
        if (!rule.isComposed()) {
            return part(rule.parts().get(0).kind(), g, c);
        }
        StringBuilder b = new StringBuilder();
        for (KeyRule.Part p : rule.parts()) {
            b.append(b.length() == 0 ? "" : "|").append(part(p.kind(), g, c));
        }
        return b.toString();
    }

    private String part(KeyRule.Kind kind, int g, int c) {
        return switch (kind) {
            case GLOBAL -> "";
            case IP -> plan.addressOf(g, c);
            case HEADER -> plan.clientIdOf(g, c);
            case ROUTE -> plan.groups().get(g).route();
        };
    }

    /** The number of clients whose key equals that of group {@code g}'s client {@code c}. */
    long sharing(int g, int c) {
        TrafficGroup group = plan.groups().get(g);
        return switch (finest) {
            case GLOBAL -> plan.totalClients();
            case HEADER -> 1;
            case IP -> group.addresses() == 0 ? 1
                    : group.clients() / group.addresses() + (c % group.addresses() < group.clients() % group.addresses()
                    ? 1 : 0);
            case ROUTE -> plan.groups().stream().filter(o -> o.route().equals(group.route()))
                    .mapToLong(TrafficGroup::clients).sum();
        };
    }

    /** The number of distinct keys, an upper bound for the keyed limiter's table. */
    long distinctKeys() {
        return switch (finest) {
            case GLOBAL -> 1;
            case HEADER -> plan.totalClients();
            case IP -> plan.groups().stream().mapToLong(TrafficGroup::distinctAddresses).sum();
            case ROUTE -> plan.groups().stream().map(TrafficGroup::route).distinct().count();
        };
    }
}
