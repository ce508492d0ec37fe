package io.ratelab.load;

import io.ratelab.metrics.ClientLabels;
import io.ratelab.metrics.ClientRoster;
import io.ratelab.scenario.KeyRule;
import io.ratelab.traffic.TrafficPlan;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the clients of a {@link TrafficPlan} show themselves to the server, and the identity of each.
 *
 * <ul>
 *   <li>{@link #none()}: all clients look alike (no key header, the default source address);</li>
 *   <li>{@link #header(String)}: each sends its plan id ({@code <group>-<client>}, e.g. {@code client-17}) in a
 *       header such as {@code X-Api-Key};</li>
 *   <li>{@link #sourceAddress()}: each binds its connections to a loopback address derived from its plan address:
 *       plan address {@code 10.0.0.0 + n} (see {@link TrafficPlan#addressOf}) becomes {@code 127.0.0.1 + n}, so the
 *       first client is 127.0.0.2 and clients that share an address in the plan (NAT) share it live too.</li>
 *   <li>{@link #forwardedFor()}: each sends that same loopback address in {@code X-Forwarded-For}, from the default
 *       source address, as a load balancer in front of the proxy would: for more client addresses than the generator
 *       can hold connections to, behind a proxy that trusts the generator's address
 *       ({@link #FRONT_ADDRESS}).</li>
 * </ul>
 * Identities are built on first use and cached per group; the cache is confined to the scheduler thread.
 */
public final class ClientKeys {

    /** The header a front (load balancer) puts the client's address in. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    /** The generator's own address when it plays the front: the one a proxy must trust, as a CIDR block. */
    public static final String FRONT_ADDRESS = "127.0.0.1/32";

    private final String headerName;
    private final boolean sourceAddress;
    private final boolean forwarded;

    private ClientKeys(String headerName, boolean sourceAddress) {
        this(headerName, sourceAddress, false);
    }

    private ClientKeys(String headerName, boolean sourceAddress, boolean forwarded) {
        this.headerName = headerName;
        this.sourceAddress = sourceAddress;
        this.forwarded = forwarded;
    }

    /** No per-client key. */
    public static ClientKeys none() {
        return new ClientKeys(null, false);
    }

    /** The client id in header {@code name}. */
    public static ClientKeys header(String name) {
        // validates the header name through the identity record
        new ClientIdentity("probe", name, null);
        return new ClientKeys(name, false);
    }

    /** A loopback source address per plan address. */
    public static ClientKeys sourceAddress() {
        return new ClientKeys(null, true);
    }

    /**
     * Each client's loopback address (as {@link #sourceAddress()} gives it) in {@code X-Forwarded-For}, sent from the
     * default source address: the clients seen through a front. The proxy must trust {@link #FRONT_ADDRESS}.
     */
    public static ClientKeys forwardedFor() {
        return new ClientKeys(null, false, true);
    }

    /** True when the clients are seen through a front: their address in {@code X-Forwarded-For}. */
    public boolean throughFront() {
        return forwarded;
    }

    /** True when the clients are told apart by their address: their own source address or the front's header. */
    public boolean byAddress() {
        return (sourceAddress || forwarded) && headerName == null;
    }

    /**
     * How clients must show themselves so that {@code rule} tells them apart: their own source address when the rule
     * reads {@code ip}, their id in the (first) header it reads, both for {@code ip+header:NAME}; anonymous for
     * {@code global} and {@code route}.
     */
    public static ClientKeys forRule(KeyRule rule) {
        String header = rule.firstHeader();
        if (header != null) {
            header(header);
        }
        return new ClientKeys(header, rule.usesClientAddress());
    }

    /**
     * As {@link #forRule(KeyRule)}, except that clients told apart by their address, when {@code plan} has more
     * addresses than {@code connections} (the connections the generator may hold open at once, see
     * {@link ConnectionBound}), are seen {@linkplain #forwardedFor() through a front}: a connection per address would
     * make nearly every request of 100 000 clients at 6 a minute open and close one, 10 000 a second, which 2 cores do
     * not carry beside the run itself. The proxy must then trust {@link #FRONT_ADDRESS}.
     */
    public static ClientKeys forRule(KeyRule rule, TrafficPlan plan, int connections) {
        ClientKeys keys = forRule(rule);
        return keys.byAddress() && plan.distinctAddresses() > connections ? forwardedFor() : keys;
    }

    /** A table of identities for {@code plan}'s clients. */
    Table table(TrafficPlan plan) {
        return new Table(plan);
    }

    /**
     * The plan's clients for per-client counting, each labelled as its identity's key shows it to the server: the id
     * in the key header ({@code polite-17}), else the own source address ({@code 127.0.0.19}); anonymous clients by
     * their plan id. Thread-safe (labels are computed, not cached).
     */
    ClientRoster roster(TrafficPlan plan) {
        int[] sizes = plan.groups().stream().mapToInt(g -> g.clients()).toArray();
        ClientLabels labels = byAddress()
                ? (g, c) -> sourceOf(plan, g, c).getHostAddress()
                : plan::clientIdOf;
        return ClientRoster.of(sizes, labels);
    }

    /** Plan address {@code 10.0.0.0 + n} becomes {@code 127.0.0.1 + n}. */
    private static InetAddress sourceOf(TrafficPlan plan, int group, int client) {
        String[] parts = plan.addressOf(group, client).split("\\.");
        int n = Integer.parseInt(parts[1]) << 16 | Integer.parseInt(parts[2]) << 8 | Integer.parseInt(parts[3]);
        return ClientIdentity.loopback(n + 1);
    }

    @Override
    public String toString() {
        if (forwarded) {
            return "own address in " + FORWARDED_FOR + ", through a front at " + FRONT_ADDRESS;
        }
        if (headerName != null) {
            return sourceAddress ? "own source address and key header " + headerName : "key header " + headerName;
        }
        return sourceAddress ? "own source address" : "anonymous";
    }

    /** Identities by (group, client), built lazily. Not thread-safe: the scheduler thread's. */
    final class Table {
        private final TrafficPlan plan;
        private final ClientIdentity[][] byGroup;
        private final ClientIdentity anonymous = ClientIdentity.anonymous().get(0);

        private Table(TrafficPlan plan) {
            this.plan = plan;
            this.byGroup = new ClientIdentity[plan.groups().size()][];
            for (int g = 0; g < byGroup.length; g++) {
                byGroup[g] = new ClientIdentity[plan.groups().get(g).clients()];
            }
        }

        ClientIdentity of(int group, int client) {
            if (headerName == null && !sourceAddress && !forwarded) {
                return anonymous;
            }
            ClientIdentity id = byGroup[group][client];
            if (id == null) {
                id = build(group, client);
                byGroup[group][client] = id;
            }
            return id;
        }

        /** One representative identity per distinct source address (for sizing connection pools). */
        List<ClientIdentity> distinctSources() {
            if (!sourceAddress) {
                return List.of(anonymous);
            }
            Map<InetAddress, ClientIdentity> seen = new LinkedHashMap<>();
            for (int g = 0; g < byGroup.length; g++) {
                int n = plan.groups().get(g).distinctAddresses();
                for (int c = 0; c < n && seen.size() < 100_000; c++) {
                    ClientIdentity id = of(g, c);
                    seen.putIfAbsent(id.sourceAddress(), id);
                }
            }
            return List.copyOf(seen.values());
        }

        private ClientIdentity build(int group, int client) {
            String id = plan.clientIdOf(group, client);
            if (forwarded) {
                return new ClientIdentity(sourceOf(plan, group, client).getHostAddress(), FORWARDED_FOR, null);
            }
            if (!sourceAddress) {
                return new ClientIdentity(id, headerName, null);
            }
            InetAddress a = sourceOf(plan, group, client);
            return headerName != null ? new ClientIdentity(id, headerName, a)
                    : new ClientIdentity(a.getHostAddress(), null, a);
        }
    }
}
