package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/**
 * One traffic group's arrivals, each tagged with the client (0 to clients−1) that sends it: the source an
 * {@link ArrivalStream} merges. Modelled groups come from {@link #population}; a recorded trace is another
 * ({@link io.ratelab.traffic.trace.TraceReplay}).
 * Not thread-safe.
 */
public interface ClientArrivals {

    /** The next send time in nanos since start, non-decreasing, or {@link ArrivalProcess#END}. */
    long nextNanos();

    /** The client of the arrival {@link #nextNanos()} returned last. */
    int client();

    /**
     * The recorded HTTP method of the arrival {@link #nextNanos()} returned last, or null when these arrivals carry
     * none and the group's route is sent (modelled groups; the default).
     */
    default String method() {
        return null;
    }

    /**
     * The recorded request target ({@code /path} or {@code /path?query}) of the arrival {@link #nextNanos()} returned
     * last, or null when these arrivals carry none (the default); see {@link #method()}.
     */
    default String target() {
        return null;
    }

    /** Opens a group's arrivals for one run; each call starts afresh, deterministically from {@code random}. */
    @FunctionalInterface
    interface Factory {
        ClientArrivals open(RandomGenerator random, long durationNanos);

        /**
         * How long these arrivals last on their own, in nanos: a recorded trace ends after its last request; modelled
         * arrivals go on as long as the run does ({@link ArrivalProcess#END}, the default). A scenario without a
         * duration runs as long as its longest finite group.
         */
        default long lengthNanos() {
            return ArrivalProcess.END;
        }

        /**
         * About how many first attempts these arrivals schedule in a run of {@code durationNanos} (retries not
         * counted); 0 when unknown. Used to refuse absurd work up front, before a run starts.
         */
        default double expectedArrivals(long durationNanos) {
            return 0;
        }
    }

    /**
     * {@code clients} clients, each sending under {@code perClient}, as one process at {@code clients × λ(t)}.
     *
     * <p>Why this is exact and cheap: the superposition of {@code N} independent Poisson processes of rate
     * {@code λ(t)} is a Poisson process of rate {@code N·λ(t)} whose points belong to each client with probability
     * {@code 1/N} independently; so with {@link Spacing#POISSON} each arrival picks its client uniformly from the
     * seeded generator. With {@link Spacing#EVEN} clients take turns (arrival {@code k} is client {@code k mod N}),
     * so each client is itself evenly spaced at {@code λ} and the clients are evenly staggered. Memory and time per
     * arrival are O(1) whatever {@code N} — 100 000 clients cost what one does.
     */
    static Factory population(RateProfile perClient, Spacing spacing, int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients: must be at least 1, got " + clients);
        }
        RateProfile total = perClient.scaled(clients);
        return new Factory() {
            @Override
            public ClientArrivals open(RandomGenerator random, long durationNanos) {
                return new PopulationArrivals(ArrivalProcess.of(total, spacing, random, durationNanos), spacing,
                        clients, random);
            }

            @Override
            public double expectedArrivals(long durationNanos) {
                return total.expectedCount(durationNanos);
            }
        };
    }
}
