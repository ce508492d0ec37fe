package io.ratelab.tune;

import io.ratelab.scenario.TuneSpec;
import io.ratelab.traffic.TrafficPlan;

import java.util.List;

/**
 * Which keys are legitimate, per the {@code tune:} section's {@code legitimate}: a key is legitimate when every group
 * it sends in is (all groups, or those named, never the attack's), and, with {@code exclude: {clientsAbove: R}}, its
 * mean rate over the span is at most {@code R}.
 */
final class Legitimacy {

    private Legitimacy() {
    }

    /**
     * @param keyOf       per group, per client: the key id
     * @param gc          per group: the client of each send
     * @param keys        the number of keys
     * @param attackGroup the attack's group, or -1
     * @param spanNanos   the span the sends cover
     */
    static boolean[] of(TrafficPlan plan, TuneSpec objectives, int[][] keyOf, int[][] gc, int keys, int attackGroup,
                        long spanNanos) {
        boolean[] legit = new boolean[keys];
        boolean[] seen = new boolean[keys];
        List<String> groups = objectives.legitimate().groups();
        for (int g = 0; g < keyOf.length; g++) {
            boolean groupLegit = g != attackGroup && (groups == null || groups.contains(plan.groups().get(g).name()));
            for (int c = 0; c < keyOf[g].length; c++) {
                int k = keyOf[g][c];
                legit[k] = seen[k] ? legit[k] && groupLegit : groupLegit;
                seen[k] = true;
            }
        }
        if (objectives.legitimate().clientsAbove() != null) {
            double limit = objectives.legitimate().clientsAbove().perSecondDouble();
            long[] counts = new long[keys];
            for (int g = 0; g < gc.length; g++) {
                for (int c : gc[g]) {
                    counts[keyOf[g][c]]++;
                }
            }
            double seconds = spanNanos / 1e9;
            for (int k = 0; k < keys; k++) {
                if (counts[k] / seconds > limit) {
                    legit[k] = false;
                }
            }
        }
        return legit;
    }
}
