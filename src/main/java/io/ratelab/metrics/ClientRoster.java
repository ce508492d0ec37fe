package io.ratelab.metrics;

import java.util.Arrays;

/**
 * The clients a run counts one by one: how many each traffic group has, and what each is called. Client
 * {@code (group, client)} gets the dense slot {@code offset(group) + client}, assigned up front, so counting needs no
 * map and no allocation. Immutable.
 */
public final class ClientRoster {

    /** Per-client counters hold 3 longs per slot in one array, so this many clients at most. */
    public static final long MAX_CLIENTS = Integer.MAX_VALUE / ClientCounters.WIDTH;

    private final int[] offsets;
    private final int size;
    private final ClientLabels labels;

    private ClientRoster(int[] clientsPerGroup, ClientLabels labels) {
        this.offsets = new int[clientsPerGroup.length + 1];
        long total = 0;
        for (int g = 0; g < clientsPerGroup.length; g++) {
            if (clientsPerGroup[g] < 0) {
                throw new IllegalArgumentException("clients of group " + g + " must not be negative, got "
                        + clientsPerGroup[g]);
            }
            offsets[g] = (int) total;
            total += clientsPerGroup[g];
            if (total > MAX_CLIENTS) {
                throw new IllegalArgumentException("traffic: at most " + MAX_CLIENTS
                        + " clients can be counted one by one, got more");
            }
        }
        offsets[clientsPerGroup.length] = (int) total;
        this.size = (int) total;
        this.labels = labels;
    }

    /**
     * @param clientsPerGroup how many clients each traffic group has, in group order
     * @param labels          what each client is called
     */
    public static ClientRoster of(int[] clientsPerGroup, ClientLabels labels) {
        if (clientsPerGroup == null || labels == null) {
            throw new IllegalArgumentException("clients per group and labels are required");
        }
        return new ClientRoster(clientsPerGroup.clone(), labels);
    }

    /** No client counted one by one: {@code groups} groups of zero clients. */
    public static ClientRoster none(int groups) {
        return new ClientRoster(new int[groups], (g, c) -> {
            throw new IllegalStateException("no clients");
        });
    }

    /** The number of groups. */
    public int groups() {
        return offsets.length - 1;
    }

    /** The number of clients in all groups. */
    public int size() {
        return size;
    }

    /** How many clients group {@code group} has. */
    public int clients(int group) {
        return offsets[group + 1] - offsets[group];
    }

    /** The dense slot of client {@code client} of group {@code group}. */
    int slot(int group, int client) {
        int s = offsets[group] + client;
        if (client < 0 || s >= offsets[group + 1]) {
            throw new IndexOutOfBoundsException("client " + client + " of group " + group + " (it has "
                    + clients(group) + ")");
        }
        return s;
    }

    /** The first slot of group {@code group}. */
    int offset(int group) {
        return offsets[group];
    }

    /** The group a slot belongs to. */
    int groupOf(int slot) {
        int i = Arrays.binarySearch(offsets, 0, offsets.length - 1, slot);
        if (i >= 0) {
            // groups without clients share an offset with the next one: take the last group starting here
            while (i + 1 < offsets.length - 1 && offsets[i + 1] == slot) {
                i++;
            }
            return i;
        }
        return -i - 2;
    }

    /** The label of a slot's client. */
    String label(int slot) {
        int g = groupOf(slot);
        return labels.label(g, slot - offsets[g]);
    }
}
