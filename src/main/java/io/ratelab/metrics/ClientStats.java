package io.ratelab.metrics;

import java.util.List;

/**
 * Per-client numbers of a run at one snapshot: the busiest clients, the least served ones, and how evenly each
 * traffic group's clients were served. Immutable.
 *
 * <p><b>Admitted share</b> of a client: its admitted requests (2xx, any attempt) over its offered requests (first
 * attempts sent). A request is admitted at most once, so the share is 0 to 1: the fraction of what the client asked
 * for that got through.
 *
 * <p><b>Fairness</b>: Jain's index ({@link JainIndex}) of the admitted shares of the clients that offered anything.
 * 1 when every client got the same share of its own demand (all admitted, or all cut alike), down to {@code 1/n} when
 * one client got through and the rest were starved. Normalising by demand keeps clients that simply ask for less
 * from counting as unfairly treated. (The simulator normalises by each client's fair allocation under the limiter's
 * rate instead; live, the limiter can change mid-run, so the share of demand is used.)
 *
 * @param clients  clients in the run's roster
 * @param active   clients that offered at least one request
 * @param busiest  the busiest clients by offered count, most first (at most {@link RunMetrics#TOP_CLIENTS})
 * @param leastServed the clients with the lowest admitted share among those that offered at least
 *                 {@value #LEAST_SERVED_MIN_OFFERED} requests, lowest first (at most {@link RunMetrics#TOP_CLIENTS}):
 *                 where a starved client shows when it is not among the busiest
 * @param groups   fairness per traffic group, in group order
 * @param overall  fairness over all clients of all groups
 */
public record ClientStats(long clients, long active, List<ClientCount> busiest, List<ClientCount> leastServed,
                          List<Fairness> groups, Fairness overall) {

    /**
     * Offered requests a client needs before its admitted share ranks it among the least served: with fewer, one
     * answer still in flight reads as a starved client.
     */
    public static final int LEAST_SERVED_MIN_OFFERED = 5;

    public ClientStats {
        busiest = List.copyOf(busiest);
        leastServed = List.copyOf(leastServed);
        groups = List.copyOf(groups);
        if (overall == null) {
            throw new IllegalArgumentException("overall fairness is required");
        }
    }

    /** Nothing counted per client (no roster, or before the first request), for {@code groups} groups. */
    public static ClientStats empty(int groups) {
        return new ClientStats(0, 0, List.of(), List.of(), java.util.Collections.nCopies(groups, Fairness.NONE),
                Fairness.NONE);
    }

    /** {@code admitted / offered}, at most 1 (NaN without an offered request). */
    static double share(long admitted, long offered) {
        return offered == 0 ? Double.NaN : Math.min(1.0, (double) admitted / offered);
    }

    /**
     * One client's counts.
     *
     * @param key      the client as the server sees it (header value or source address) or its plan id
     * @param group    its traffic group's name
     * @param offered  first attempts sent
     * @param admitted answered 2xx (any attempt)
     * @param rejected answered 429 (any attempt, so retries can make it exceed offered)
     */
    public record ClientCount(String key, String group, long offered, long admitted, long rejected) {

        /** admitted / offered, 0 to 1; NaN before the first request. */
        public double admittedShare() {
            return share(admitted, offered);
        }
    }

    /**
     * Jain's index of admitted shares over some clients.
     *
     * @param clients how many clients it covers (those that offered something)
     * @param index   the index, {@code 1/clients} to 1; NaN when no client offered anything
     */
    public record Fairness(long clients, double index) {

        /** No client yet. */
        public static final Fairness NONE = new Fairness(0, Double.NaN);

        static Fairness of(JainIndex j) {
            return j.count() == 0 ? NONE : new Fairness(j.count(), j.index());
        }
    }
}
