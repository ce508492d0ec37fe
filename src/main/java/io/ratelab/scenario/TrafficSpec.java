package io.ratelab.scenario;

import io.ratelab.traffic.ClientArrivals;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.trace.TraceReplay;

import java.nio.file.Path;

/**
 * One traffic group in a scenario file:
 * <pre>
 * - name: polite
 *   clients: 100                  # default 1
 *   addresses: 4                  # optional: the clients share 4 source addresses (NAT); default one each
 *   route: GET /api/items         # optional, default "GET /"
 *   arrival: { process: poisson, rate: 5/s }   # per client, see ArrivalSpec
 *   retry: { policy: none }       # optional, see RetrySpec
 * </pre>
 * A recorded trace is the other kind of group: {@code trace:} instead of {@code arrival:} (see {@link TraceSpec}),
 * without {@code clients} or {@code addresses} (the trace's key mapping tells its clients apart, each with its own
 * address and id); {@code route} and {@code retry} apply as above.
 * <pre>
 * - name: tuesday
 *   trace: { path: traces/tuesday.log, format: combined, speed: 10, loop: false }
 * </pre>
 * Both produce a {@link TrafficGroup}, each through its own {@link ClientArrivals.Factory}.
 */
public record TrafficSpec(String name, Integer clients, Integer addresses, String route, ArrivalSpec arrival,
                          TraceSpec trace, RetrySpec retry) {

    public TrafficSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: every traffic group needs a name");
        }
        if (clients != null && (clients < 1 || clients > 10_000_000)) {
            throw new IllegalArgumentException("clients: must be 1 to 10000000, got " + clients);
        }
        int n = clients == null ? 1 : clients;
        if (addresses != null && (addresses < 1 || addresses > n)) {
            throw new IllegalArgumentException("addresses: must be 1 to clients (" + n + "), got " + addresses);
        }
        if (route != null && !route.matches("[A-Z]+ /\\S*")) {
            throw new IllegalArgumentException("route: write 'METHOD /path', e.g. 'GET /api/items', got '" + route
                    + "'");
        }
        if (arrival == null && trace == null) {
            throw new IllegalArgumentException("arrival: is required, e.g. {process: poisson, rate: 5/s}, or a"
                    + " trace: {path: traces/tuesday.log}");
        }
        if (arrival != null && trace != null) {
            throw new IllegalArgumentException("trace: a group either models its arrivals or replays a trace; remove"
                    + " arrival or trace");
        }
        if (trace != null && (clients != null || addresses != null)) {
            throw new IllegalArgumentException((clients != null ? "clients" : "addresses") + ": a trace group's"
                    + " clients come from the trace (its key mapping); remove it");
        }
    }

    /** A modelled group (no trace), as before traces existed. */
    public TrafficSpec(String name, Integer clients, Integer addresses, String route, ArrivalSpec arrival,
                       RetrySpec retry) {
        this(name, clients, addresses, route, arrival, null, retry);
    }

    /** The runtime group; a schedule file is read relative to {@code baseDir}; traces spread with seed 1. */
    public TrafficGroup toGroup(Path baseDir) {
        return toGroup(baseDir, 1);
    }

    /**
     * The runtime group; schedule and trace files are read relative to {@code baseDir}; {@code seed} seeds the
     * spreading of a trace's whole-second stamps.
     *
     * @throws IllegalArgumentException {@code field: problem}, the field being within {@code arrival} or
     *                                  {@code trace}
     */
    public TrafficGroup toGroup(Path baseDir, long seed) {
        return toGroup(baseDir, seed, false);
    }

    /** {@link #toGroup(Path, long)}, a trace's requests kept in memory when {@code keep} (see {@link TraceSpec}). */
    public TrafficGroup toGroup(Path baseDir, long seed, boolean keep) {
        String r = route == null ? TrafficGroup.DEFAULT_ROUTE : route;
        if (trace != null) {
            TraceReplay replay = trace.toReplay(baseDir, seed, keep);
            return new TrafficGroup(name, replay.clients(), 0, r, retry == null ? null : retry.toPolicy(), replay);
        }
        int n = clients == null ? 1 : clients;
        ClientArrivals.Factory arrivals = ClientArrivals.population(arrival.profile(baseDir),
                arrival.spacingOrDefault(), n);
        return new TrafficGroup(name, n, addresses == null ? 0 : addresses, r, retry == null ? null : retry.toPolicy(),
                arrivals);
    }
}
