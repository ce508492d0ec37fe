package io.ratelab.scenario;

import io.ratelab.traffic.ClientArrivals;
import io.ratelab.traffic.TrafficGroup;

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
 * A recorded trace will be another kind of group ({@code trace:} instead of {@code arrival:}); it produces the same
 * {@link TrafficGroup} through its own {@link ClientArrivals.Factory}.
 */
public record TrafficSpec(String name, Integer clients, Integer addresses, String route, ArrivalSpec arrival,
                          RetrySpec retry) {

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
        if (arrival == null) {
            throw new IllegalArgumentException("arrival: is required, e.g. {process: poisson, rate: 5/s}");
        }
    }

    /** The runtime group; a schedule file is read relative to {@code baseDir}. */
    public TrafficGroup toGroup(Path baseDir) {
        int n = clients == null ? 1 : clients;
        ClientArrivals.Factory arrivals = ClientArrivals.population(arrival.profile(baseDir),
                arrival.spacingOrDefault(), n);
        return new TrafficGroup(name, n, addresses == null ? 0 : addresses,
                route == null ? TrafficGroup.DEFAULT_ROUTE : route, retry == null ? null : retry.toPolicy(), arrivals);
    }
}
