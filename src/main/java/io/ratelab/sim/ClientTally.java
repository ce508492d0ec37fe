package io.ratelab.sim;

import io.ratelab.traffic.TrafficPlan;

/**
 * Per-client counts of one run, in flat {@code int} arrays indexed by a client's position across all groups
 * (12 bytes per client): first attempts (its demand), sends admitted, sends rejected.
 */
final class ClientTally {

    final int[] first;
    final int[] admitted;
    final int[] rejected;
    private final int[] offsets;

    ClientTally(TrafficPlan plan) {
        int groups = plan.groups().size();
        offsets = new int[groups];
        long total = 0;
        for (int g = 0; g < groups; g++) {
            offsets[g] = (int) total;
            total += plan.groups().get(g).clients();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("traffic: too many clients to simulate, " + total);
        }
        first = new int[(int) total];
        admitted = new int[(int) total];
        rejected = new int[(int) total];
    }

    int index(int g, int c) {
        return offsets[g] + c;
    }

    void first(int g, int c) {
        first[offsets[g] + c]++;
    }

    void admitted(int g, int c) {
        admitted[offsets[g] + c]++;
    }

    void rejected(int g, int c) {
        rejected[offsets[g] + c]++;
    }
}
