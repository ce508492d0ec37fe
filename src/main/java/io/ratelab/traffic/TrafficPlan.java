package io.ratelab.traffic;

import java.util.List;

/**
 * All the traffic of one run: its groups, its duration and its seed. Immutable and thread-safe; every
 * {@link #stream()} replays the same arrivals, so the simulator can run one stream per limiter and the live
 * generator can send the very same requests.
 *
 * <p>Clients are identified across groups: group {@code g}'s client {@code i} has a stable
 * {@linkplain #addressOf source address} in {@code 10.0.0.0/8} (distinct groups never share one), an
 * {@linkplain #clientIdOf id} {@code <group>-<i>} that a keyed header (an API key) carries, and the group's route.
 */
public final class TrafficPlan {

    /** Addresses come from 10.0.0.1 upward, so at most this many across all groups. */
    public static final int MAX_ADDRESSES = (1 << 24) - 2;

    private final List<TrafficGroup> groups;
    private final long durationNanos;
    private final long seed;
    private final int[] addressOffsets;

    public TrafficPlan(List<TrafficGroup> groups, long durationNanos, long seed) {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("traffic: needs at least one group");
        }
        if (groups.size() > 10_000) {
            throw new IllegalArgumentException("traffic: at most 10000 groups, got " + groups.size());
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("duration: must be positive, got " + durationNanos + "ns");
        }
        this.groups = List.copyOf(groups);
        this.durationNanos = durationNanos;
        this.seed = seed;
        this.addressOffsets = new int[groups.size()];
        long next = 0;
        for (int g = 0; g < groups.size(); g++) {
            addressOffsets[g] = (int) Math.min(next, MAX_ADDRESSES);
            next += groups.get(g).distinctAddresses();
        }
        if (next > MAX_ADDRESSES) {
            throw new IllegalArgumentException("traffic: at most " + MAX_ADDRESSES + " distinct client addresses"
                    + " in all groups, got " + next);
        }
    }

    /** How many distinct client addresses the plan's groups have in all. */
    public long distinctAddresses() {
        long n = 0;
        for (TrafficGroup g : groups) {
            n += g.distinctAddresses();
        }
        return n;
    }

    /** About how many first attempts the plan schedules over its duration, all groups (retries not counted). */
    public double expectedArrivals() {
        double n = 0;
        for (TrafficGroup g : groups) {
            n += g.arrivals().expectedArrivals(durationNanos);
        }
        return n;
    }

    /** A fresh, deterministic stream of this plan's arrivals, first attempts and (as they are scheduled) retries. */
    public ArrivalStream stream() {
        return new ArrivalStream(this);
    }

    public List<TrafficGroup> groups() {
        return groups;
    }

    public long durationNanos() {
        return durationNanos;
    }

    public long seed() {
        return seed;
    }

    /** The dotted IPv4 source address of group {@code g}'s client {@code client}. */
    public String addressOf(int g, int client) {
        TrafficGroup group = groups.get(g);
        int n = addressOffsets[g] + (group.addresses() == 0 ? client : client % group.addresses()) + 1;
        return "10." + (n >>> 16 & 255) + "." + (n >>> 8 & 255) + "." + (n & 255);
    }

    /** The client's own id, {@code <group name>-<client>}: what an API-key header carries. */
    public String clientIdOf(int g, int client) {
        return groups.get(g).name() + "-" + client;
    }

    /** The total number of clients in all groups. */
    public long totalClients() {
        long n = 0;
        for (TrafficGroup g : groups) {
            n += g.clients();
        }
        return n;
    }
}
