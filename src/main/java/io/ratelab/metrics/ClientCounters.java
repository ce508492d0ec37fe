package io.ratelab.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Cumulative per-client counts — offered (first attempts sent), admitted (2xx), rejected (429) — in one
 * {@link AtomicLongArray}, three adjacent longs per {@link ClientRoster} slot (24 bytes per client).
 *
 * <p>Writers never block: one atomic add each, any thread. Why not {@code LongAdder} or the phased
 * {@link IntervalCounters}: the counts are cumulative (nothing to swap), a run spreads its requests over the clients
 * (thousands of them rarely collide), and a LongAdder per client would cost a hundred bytes or more for a hundred
 * thousand clients; even a single client at 20k req/s is 40k uncontended-ish atomic adds a second.
 *
 * <p>The reader ({@link #stats}) reads each client's admitted and rejected counts before its offered count, so a
 * client never shows more admitted than offered; counts of different clients are read at slightly different moments
 * while traffic flows (exact once the writers have stopped). One reader at a time; it allocates only for the clients
 * it ranks.
 */
final class ClientCounters {

    static final int WIDTH = 3;
    private static final int OFFERED = 0;
    private static final int ADMITTED = 1;
    private static final int REJECTED = 2;
    /** Where a ranked client's slot sits in the arrays the ranking keeps (after its three counts). */
    private static final int SLOT = 3;

    private final ClientRoster roster;
    private final AtomicLongArray counts;

    ClientCounters(ClientRoster roster) {
        this.roster = roster;
        this.counts = new AtomicLongArray(roster.size() * WIDTH);
    }

    /** A first attempt of the client left. Wait-free. */
    void offered(int group, int client) {
        counts.getAndIncrement(roster.slot(group, client) * WIDTH + OFFERED);
    }

    /** An attempt of the client was answered: 2xx counts as admitted, 429 as rejected, the rest not at all. */
    void answered(int group, int client, CountedColumn status) {
        int k = switch (status) {
            case STATUS_200, STATUS_2XX -> ADMITTED;
            case STATUS_429 -> REJECTED;
            default -> -1;
        };
        if (k >= 0) {
            counts.getAndIncrement(roster.slot(group, client) * WIDTH + k);
        }
    }

    /**
     * The busiest {@code top} clients by offered count (ties: lower slot first, i.e. group order, then client
     * order), the {@code top} least served by admitted share among clients with at least
     * {@link ClientStats#LEAST_SERVED_MIN_OFFERED} offered (ties: more offered first, then lower slot), and Jain's
     * index of admitted share per group and overall. Clients that offered nothing are left out.
     */
    ClientStats stats(List<String> groups, int top) {
        JainIndex all = new JainIndex();
        List<ClientStats.Fairness> perGroup = new ArrayList<>(groups.size());
        // each heap's head is the weakest of the best so far: the least busy, the best served
        Comparator<long[]> busier = Comparator.<long[]>comparingLong(c -> c[OFFERED]).thenComparingLong(c -> -c[SLOT]);
        Comparator<long[]> lessServed = Comparator.<long[]>comparingDouble(c -> -ClientStats.share(c[ADMITTED],
                c[OFFERED])).thenComparingLong(c -> c[OFFERED]).thenComparingLong(c -> -c[SLOT]);
        PriorityQueue<long[]> busiest = new PriorityQueue<>(top + 1, busier);
        PriorityQueue<long[]> leastServed = new PriorityQueue<>(top + 1, lessServed);
        // one client's numbers, compared against each heap's head and copied only when they enter it: with 100,000
        // clients most never do, and this runs once a second
        long[] c = new long[SLOT + 1];
        for (int g = 0; g < groups.size(); g++) {
            JainIndex j = new JainIndex();
            int end = roster.offset(g) + roster.clients(g);
            for (int slot = roster.offset(g); slot < end; slot++) {
                int at = slot * WIDTH;
                long admitted = counts.get(at + ADMITTED);
                long rejected = counts.get(at + REJECTED);
                long offered = counts.get(at + OFFERED);
                if (offered == 0) {
                    continue;
                }
                double share = ClientStats.share(admitted, offered);
                j.add(share);
                all.add(share);
                if (top > 0) {
                    c[OFFERED] = offered;
                    c[ADMITTED] = admitted;
                    c[REJECTED] = rejected;
                    c[SLOT] = slot;
                    keep(busiest, c, top);
                    if (offered >= ClientStats.LEAST_SERVED_MIN_OFFERED) {
                        keep(leastServed, c, top);
                    }
                }
            }
            perGroup.add(ClientStats.Fairness.of(j));
        }
        return new ClientStats(roster.size(), all.count(), ranked(busiest, busier.reversed(), groups),
                ranked(leastServed, lessServed.reversed(), groups), perGroup, ClientStats.Fairness.of(all));
    }

    /** Adds a copy of {@code c} to the best {@code top} of {@code heap} when it beats the weakest (the head). */
    private static void keep(PriorityQueue<long[]> heap, long[] c, int top) {
        if (heap.size() < top || heap.comparator().compare(c, heap.peek()) > 0) {
            heap.add(c.clone());
            if (heap.size() > top) {
                heap.poll();
            }
        }
    }

    /** The heap's clients, best first by {@code order}, as rows. */
    private List<ClientStats.ClientCount> ranked(PriorityQueue<long[]> heap, Comparator<long[]> order,
                                                 List<String> groups) {
        List<long[]> ranked = new ArrayList<>(heap);
        ranked.sort(order);
        List<ClientStats.ClientCount> rows = new ArrayList<>(ranked.size());
        for (long[] c : ranked) {
            int slot = (int) c[SLOT];
            rows.add(new ClientStats.ClientCount(roster.label(slot), groups.get(roster.groupOf(slot)), c[OFFERED],
                    c[ADMITTED], c[REJECTED]));
        }
        return rows;
    }
}
