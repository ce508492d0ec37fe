package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/** See {@link ClientArrivals#population}: one group-level process, a client per arrival. Not thread-safe. */
final class PopulationArrivals implements ClientArrivals {

    private final ArrivalProcess process;
    private final boolean roundRobin;
    private final int clients;
    private final RandomGenerator random;
    private int client = -1;

    PopulationArrivals(ArrivalProcess process, Spacing spacing, int clients, RandomGenerator random) {
        this.process = process;
        this.roundRobin = spacing == Spacing.EVEN;
        this.clients = clients;
        this.random = random;
    }

    @Override
    public long nextNanos() {
        long t = process.nextNanos();
        if (t != ArrivalProcess.END) {
            client = roundRobin ? (client + 1 == clients ? 0 : client + 1)
                    : clients == 1 ? 0 : random.nextInt(clients);
        }
        return t;
    }

    @Override
    public int client() {
        return client;
    }
}
