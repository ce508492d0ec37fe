package io.ratelab.traffic;

/**
 * A group of clients that behave alike: how many, who they look like to a limiter, when they send, and what they do
 * after a 429.
 *
 * @param name      for tables and charts
 * @param clients   how many clients, at least 1
 * @param addresses how many distinct source addresses they share (client {@code i} uses address
 *                  {@code i mod addresses}, as clients behind NAT do); 0 gives each client its own
 * @param route     the request line they send, {@code METHOD /path}
 * @param retry     their behaviour after a 429
 * @param arrivals  their send times, each tagged with its client
 */
public record TrafficGroup(String name, int clients, int addresses, String route, RetryPolicy retry,
                           ClientArrivals.Factory arrivals) {

    /** The route of a group that names none. */
    public static final String DEFAULT_ROUTE = "GET /";

    public TrafficGroup {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: a traffic group needs a name");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients: must be at least 1, got " + clients);
        }
        if (addresses < 0 || addresses > clients) {
            throw new IllegalArgumentException("addresses: must be 1 to clients (" + clients + ") or 0 for one each, got " + addresses);
        }
        if (route == null || !route.matches("[A-Z]+ /\\S*")) {
            throw new IllegalArgumentException("route: write 'METHOD /path', e.g. 'GET /api/items', got " + route);
        }
        if (retry == null) {
            retry = RetryPolicy.none();
        }
        if (arrivals == null) {
            throw new IllegalArgumentException("arrival: a traffic group needs an arrival process");
        }
    }

    /** A modelled group: {@code clients} clients each sending under {@code perClient}, own addresses, {@code GET /}. */
    public static TrafficGroup of(String name, int clients, RateProfile perClient, Spacing spacing, RetryPolicy retry) {
        return new TrafficGroup(name, clients, 0, DEFAULT_ROUTE, retry,
                ClientArrivals.population(perClient, spacing, clients));
    }

    /** The number of distinct addresses the group's clients use. */
    public int distinctAddresses() {
        return addresses == 0 ? clients : addresses;
    }
}
