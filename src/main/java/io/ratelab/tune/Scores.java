package io.ratelab.tune;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.sim.ClientCheck;
import io.ratelab.sim.LimiterResult;
import io.ratelab.traffic.TrafficPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * How one candidate fared in the full simulation (retries, shaping delay, the upstream model, the attack, growth).
 * The first six fields are the {@code tune --json} contract.
 *
 * @param legitimateRejected        sends of legitimate keys rejected
 * @param legitimateRejectedShare   of legitimate keys' sends, the share rejected
 * @param keysAffected              legitimate keys with at least one send rejected
 * @param attackerAdmittedPerSecond sends of keys that are not legitimate (the attack, excluded keys) admitted, per
 *                                  second of the run
 * @param peakAdmittedPerSecond     the most sends admitted in any one second, all keys together
 * @param p99Ms                     the 99th percentile of admitted latency, ms
 * @param legitimateKeys            legitimate keys that sent anything
 * @param sparedShare               the share the {@code spare} objective measures: of legitimate keys, those with
 *                                  nothing rejected ({@code of: clients}); or of their sends, those admitted
 * @param attackerHeldAfterSeconds  for an attack: the second from which it gets no more than its limit allows
 *                                  (see {@link #heldAfter}); null without an attack
 * @param utilisation               the upstream's busy share
 */
public record Scores(long legitimateRejected, double legitimateRejectedShare, long keysAffected,
                     double attackerAdmittedPerSecond, double peakAdmittedPerSecond, double p99Ms,
                     long legitimateKeys, double sparedShare, Long attackerHeldAfterSeconds, double utilisation) {

    /** What the check gives per key: sends and rejections, and the scores. */
    record Checked(Scores scores, long[] sentPerKey, long[] rejectedPerKey) {
    }

    /** Scores {@code check} of {@code spec} over {@code plan} made from {@code data}. */
    static Checked of(ClientCheck check, TuneData data, TrafficPlan plan, LimiterSpec spec, TuneSpec objectives) {
        LimiterResult r = check.result();
        long[] sent = new long[data.keys()];
        long[] rejected = new long[data.keys()];
        long attackAdmitted = 0;
        int dataGroups = plan.groups().size() - (objectives.attack() != null && objectives.attack().group() == null
                ? 1 : 0);
        for (int g = 0; g < plan.groups().size(); g++) {
            int n = plan.groups().get(g).clients();
            int off = check.offsets()[g];
            for (int c = 0; c < n; c++) {
                int i = off + c;
                if (g >= dataGroups) {
                    attackAdmitted += check.admitted()[i];
                    continue;
                }
                int k = data.keyOf(g, c);
                sent[k] += check.admitted()[i] + check.rejected()[i];
                rejected[k] += check.rejected()[i];
                if (!data.legitimate(k)) {
                    attackAdmitted += check.admitted()[i];
                }
            }
        }
        long legitSent = 0;
        long legitRejected = 0;
        long legitKeys = 0;
        long affected = 0;
        for (int k = 0; k < sent.length; k++) {
            if (!data.legitimate(k) || sent[k] == 0) {
                continue;
            }
            legitKeys++;
            legitSent += sent[k];
            legitRejected += rejected[k];
            if (rejected[k] > 0) {
                affected++;
            }
        }
        double seconds = Math.max(1e-9, plan.durationNanos() / 1e9);
        double rejectedShare = legitSent == 0 ? 0 : (double) legitRejected / legitSent;
        double spared = objectives.spare().ofRequests() ? 1 - rejectedShare
                : legitKeys == 0 ? 1 : (double) (legitKeys - affected) / legitKeys;
        long peak = 0;
        for (long a : r.perSecond().admitted()) {
            peak = Math.max(peak, a);
        }
        Scores s = new Scores(legitRejected, round(rejectedShare, 6), affected, round(attackAdmitted / seconds, 3),
                peak, r.latencyMs().p99(), legitKeys, round(spared, 6), heldAfter(r, plan, spec, objectives, data),
                r.upstream().utilisation());
        return new Checked(s, sent, rejected);
    }

    /**
     * The second from which the attack group is held to its limit: the least {@code s} such that over every later span
     * {@code (s, t]} it gets at most {@code clients x (rate x (t - s) + 2)} admitted (its limit's rate, with two
     * requests of slack per client for whole-request rounding). With {@code g(t) = admitted by t - clients x rate x t}
     * that is {@code max_{t > s} g(t) - g(s) <= 2 x clients}, found in one backward pass.
     */
    private static Long heldAfter(LimiterResult r, TrafficPlan plan, LimiterSpec spec, TuneSpec objectives,
                                  TuneData data) {
        if (objectives.attack() == null) {
            return null;
        }
        int g = -1;
        for (int i = 0; i < plan.groups().size(); i++) {
            boolean generated = objectives.attack().group() == null && i == plan.groups().size() - 1;
            boolean named = objectives.attack().group() != null && i < data.groupCount() && data.attackGroup(i);
            if (generated || named) {
                g = i;
            }
        }
        if (g < 0) {
            return null;
        }
        long[] admitted = r.groups().get(g).perSecond().admitted();
        int clients = plan.groups().get(g).clients();
        double rate = clients * Family.perSecond(spec);
        int n = admitted.length;
        double[] gOf = new double[n + 1];
        long cum = 0;
        for (int t = 1; t <= n; t++) {
            cum += admitted[t - 1];
            gOf[t] = cum - rate * t;
        }
        double[] suffixMax = new double[n + 2];
        suffixMax[n + 1] = Double.NEGATIVE_INFINITY;
        for (int t = n; t >= 1; t--) {
            suffixMax[t] = Math.max(gOf[t], suffixMax[t + 1]);
        }
        for (int s = 0; s < n; s++) {
            if (suffixMax[s + 1] - gOf[s] <= 2.0 * clients) {
                return (long) s;
            }
        }
        return (long) n;
    }

    /** The objectives these scores miss, each in words ("spares 97.2% of clients, not 99.9%"); empty when none. */
    public List<String> misses(TuneSpec o) {
        List<String> m = new ArrayList<>();
        if (sparedShare < o.spare().share() - 1e-12) {
            m.add("spares " + TuneSpec.percent(sparedShare) + " of " + o.spare().of() + ", not "
                    + TuneSpec.percent(o.spare().share()));
        }
        if (o.protect() != null) {
            if (o.protect().maxRate() != null && peakAdmittedPerSecond > o.protect().maxRate().perSecondDouble()) {
                m.add("lets " + Math.round(peakAdmittedPerSecond) + "/s through in its busiest second, above "
                        + Family.format(o.protect().maxRate().perSecondDouble()));
            }
            if (o.protect().utilisation() != null && utilisation > o.protect().utilisation()) {
                m.add("keeps the upstream " + TuneSpec.percent(round(utilisation, 4)) + " busy, above "
                        + TuneSpec.percent(o.protect().utilisation()));
            }
            if (o.protect().p99() != null && p99Ms > o.protect().p99().toNanos() / 1e6) {
                m.add("has a p99 of " + p99Ms + " ms, above " + o.protect().p99().toMillis() + " ms");
            }
        }
        return m;
    }

    /** The sum of each objective's relative shortfall: 0 when all are met; orders the closest candidates. */
    double shortfall(TuneSpec o) {
        double s = Math.max(0, o.spare().share() - sparedShare) / o.spare().share();
        if (o.protect() != null) {
            if (o.protect().maxRate() != null) {
                double cap = o.protect().maxRate().perSecondDouble();
                s += Math.max(0, peakAdmittedPerSecond - cap) / cap;
            }
            if (o.protect().utilisation() != null) {
                s += Math.max(0, utilisation - o.protect().utilisation()) / o.protect().utilisation();
            }
            if (o.protect().p99() != null) {
                double cap = o.protect().p99().toNanos() / 1e6;
                s += Math.max(0, p99Ms - cap) / cap;
            }
        }
        return s;
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
