package io.ratelab.tune;

import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.RateProfile;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.Spacing;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's first attempts, read once and held in flat arrays: per traffic group the send times and clients in
 * time order, and per key (under the limiter's {@link KeyRule}, computed as the simulator and the proxy compute it)
 * the send times, which is what the frontier passes over. Which keys are legitimate follows the {@code tune:}
 * section ({@link Legitimacy}). A {@link #slice} cuts a time span out (tuning and holdout), and {@link #plan} turns
 * the arrays back into a {@link TrafficPlan} the simulator replays ({@link GroupReplay}), with growth and the attack
 * added. Immutable once built.
 */
public final class TuneData {

    private final TrafficPlan source;
    private final KeyRule rule;
    private final long spanNanos;
    /** Per group: send times and clients, time-ordered. */
    private final long[][] groupTimes;
    private final int[][] groupClients;
    /** Per group, per client: the key id. */
    private final int[][] keyOf;
    private final List<String> keyNames;
    private final boolean[] legitimate;
    /** Keys' send times, key k's in {@code keyTimes[keyStart[k] .. keyStart[k+1])}. */
    private final int[] keyStart;
    private final long[] keyTimes;
    private final int attackGroup;

    private TuneData(TrafficPlan source, KeyRule rule, long spanNanos, long[][] groupTimes, int[][] groupClients,
                     int[][] keyOf, List<String> keyNames, boolean[] legitimate, int attackGroup) {
        this.source = source;
        this.rule = rule;
        this.spanNanos = spanNanos;
        this.groupTimes = groupTimes;
        this.groupClients = groupClients;
        this.keyOf = keyOf;
        this.keyNames = keyNames;
        this.legitimate = legitimate;
        this.attackGroup = attackGroup;
        int keys = keyNames.size();
        keyStart = new int[keys + 1];
        for (int g = 0; g < groupTimes.length; g++) {
            for (int c : groupClients[g]) {
                keyStart[keyOf[g][c] + 1]++;
            }
        }
        for (int k = 0; k < keys; k++) {
            keyStart[k + 1] += keyStart[k];
        }
        keyTimes = new long[keyStart[keys]];
        int[] fill = Arrays.copyOf(keyStart, keys);
        // merge the groups in time order so that each key's times come out sorted
        int[] at = new int[groupTimes.length];
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int g = 0; g < groupTimes.length; g++) {
                if (at[g] < groupTimes[g].length && groupTimes[g][at[g]] < bestTime) {
                    bestTime = groupTimes[g][at[g]];
                    best = g;
                }
            }
            if (best < 0) {
                break;
            }
            int k = keyOf[best][groupClients[best][at[best]]];
            keyTimes[fill[k]++] = bestTime;
            at[best]++;
        }
    }

    /**
     * Reads every first attempt of {@code plan} (one replay, no limiter, so no retries) and files it under its key.
     *
     * @param objectives which groups or keys are legitimate, and which group is the attack
     */
    public static TuneData read(TrafficPlan plan, KeyRule rule, TuneSpec objectives) {
        int groups = plan.groups().size();
        GrowableArrays.LongList[] times = new GrowableArrays.LongList[groups];
        GrowableArrays.IntList[] clients = new GrowableArrays.IntList[groups];
        for (int g = 0; g < groups; g++) {
            times[g] = new GrowableArrays.LongList();
            clients[g] = new GrowableArrays.IntList();
        }
        ArrivalStream s = plan.stream();
        while (s.advance()) {
            times[s.group()].add(s.timeNanos());
            clients[s.group()].add(s.client());
        }
        long[][] gt = new long[groups][];
        int[][] gc = new int[groups][];
        for (int g = 0; g < groups; g++) {
            gt[g] = times[g].toArray();
            gc[g] = clients[g].toArray();
        }
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        int[][] keyOf = new int[groups][];
        for (int g = 0; g < groups; g++) {
            TrafficGroup group = plan.groups().get(g);
            keyOf[g] = new int[group.clients()];
            for (int c = 0; c < group.clients(); c++) {
                String key = keyString(plan, rule, g, c);
                Integer id = ids.get(key);
                if (id == null) {
                    id = names.size();
                    ids.put(key, id);
                    names.add(key);
                }
                keyOf[g][c] = id;
            }
        }
        int attackGroup = -1;
        TuneSpec.Attack attack = objectives.attack();
        if (attack != null && attack.group() != null) {
            for (int g = 0; g < groups; g++) {
                if (plan.groups().get(g).name().equals(attack.group())) {
                    attackGroup = g;
                }
            }
        }
        boolean[] legit = Legitimacy.of(plan, objectives, keyOf, gc, names.size(), attackGroup, plan.durationNanos());
        return new TuneData(plan, rule, plan.durationNanos(), gt, gc, keyOf, names, legit, attackGroup);
    }

    /** The key of group {@code g}'s client {@code c} as the proxy extracts it (and the simulator's KeyTable). */
    static String keyString(TrafficPlan plan, KeyRule rule, int g, int c) {
        StringBuilder b = new StringBuilder();
        for (KeyRule.Part p : rule.parts()) {
            if (b.length() > 0) {
                b.append('|');
            }
            b.append(switch (p.kind()) {
                case GLOBAL -> "";
                case IP -> plan.addressOf(g, c);
                case HEADER -> plan.clientIdOf(g, c);
                case ROUTE -> plan.groups().get(g).route();
            });
        }
        return rule.isGlobal() ? "(all)" : b.toString();
    }

    /**
     * The sends at {@code [fromNanos, toNanos)}, moved to start at 0; keys, groups and legitimacy are kept (a key
     * with no send in the span has no times).
     */
    public TuneData slice(long fromNanos, long toNanos) {
        long[][] gt = new long[groupTimes.length][];
        int[][] gc = new int[groupTimes.length][];
        for (int g = 0; g < gt.length; g++) {
            long[] t = groupTimes[g];
            int lo = lowerBound(t, fromNanos);
            int hi = lowerBound(t, toNanos);
            gt[g] = new long[hi - lo];
            for (int i = lo; i < hi; i++) {
                gt[g][i - lo] = t[i] - fromNanos;
            }
            gc[g] = Arrays.copyOfRange(groupClients[g], lo, hi);
        }
        return new TuneData(source, rule, toNanos - fromNanos, gt, gc, keyOf, keyNames, legitimate, attackGroup);
    }

    private static int lowerBound(long[] a, long v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * This data with the traffic grown by {@code growth}: the sends of every group but the attack's come
     * {@code growth} times as fast (times divided by it, so each key's rate is multiplied), over the same span.
     */
    public TuneData grown(double growth) {
        if (growth == 1) {
            return this;
        }
        long[][] gt = new long[groupTimes.length][];
        for (int g = 0; g < gt.length; g++) {
            gt[g] = groupTimes[g].clone();
            if (g != attackGroup) {
                for (int i = 0; i < gt[g].length; i++) {
                    gt[g][i] = (long) (gt[g][i] / growth);
                }
            }
        }
        return new TuneData(source, rule, spanNanos, gt, groupClients, keyOf, keyNames, legitimate, attackGroup);
    }

    /**
     * The traffic the full check replays: every group as recorded (its clients, addresses, route and retry policy
     * kept, so the simulator keys them as before), and {@code attack} clients added as a group of their own when the
     * objectives describe one by rate.
     */
    public TrafficPlan plan(TuneSpec.Attack attack, long seed) {
        List<TrafficGroup> groups = new ArrayList<>();
        long duration = Math.max(1, spanNanos);
        for (int g = 0; g < groupTimes.length; g++) {
            TrafficGroup o = source.groups().get(g);
            long[] t = groupTimes[g];
            int[] c = groupClients[g];
            groups.add(new TrafficGroup(o.name(), o.clients(), o.addresses(), o.route(), o.retry(),
                    (random, d) -> new GroupReplay(t, c)));
        }
        if (attack != null && attack.group() == null) {
            groups.add(TrafficGroup.of(attackName(), attack.clients(),
                    RateProfile.constant(attack.rate().perSecondDouble()), Spacing.POISSON, RetryPolicy.none()));
        }
        return new TrafficPlan(groups, duration, seed);
    }

    /** The name of the added attack group: {@code attack}, or {@code attack-2}... if a group has that name. */
    String attackName() {
        String name = "attack";
        for (int i = 2; hasGroup(name); i++) {
            name = "attack-" + i;
        }
        return name;
    }

    private boolean hasGroup(String name) {
        return source.groups().stream().anyMatch(g -> g.name().equals(name));
    }

    public TrafficPlan source() {
        return source;
    }

    public KeyRule rule() {
        return rule;
    }

    /** The span the sends cover: the plan's duration, or the slice's length. */
    public long spanNanos() {
        return spanNanos;
    }

    public int keys() {
        return keyNames.size();
    }

    public String keyName(int k) {
        return keyNames.get(k);
    }

    /** The number of the scenario's traffic groups. */
    public int groupCount() {
        return groupTimes.length;
    }

    /** True for the group named as the attack. */
    public boolean attackGroup(int g) {
        return g == attackGroup;
    }

    public boolean legitimate(int k) {
        return legitimate[k];
    }

    /** Key {@code k}'s sends: {@code keyTimes()[keyStart(k) .. keyStart(k + 1))}. */
    public int keyStart(int k) {
        return keyStart[k];
    }

    public long[] keyTimes() {
        return keyTimes;
    }

    /** Sends of key {@code k}. */
    public int count(int k) {
        return keyStart[k + 1] - keyStart[k];
    }

    /** The key of group {@code g}'s client {@code c}. */
    public int keyOf(int g, int c) {
        return keyOf[g][c];
    }

    /** All first attempts in the data. */
    public long requests() {
        return keyTimes.length;
    }

    /** First attempts of legitimate keys. */
    public long legitimateRequests() {
        long n = 0;
        for (int k = 0; k < keys(); k++) {
            if (legitimate[k]) {
                n += count(k);
            }
        }
        return n;
    }

    /** Legitimate keys that send at least once in this data. */
    public int legitimateKeys() {
        int n = 0;
        for (int k = 0; k < keys(); k++) {
            if (legitimate[k] && count(k) > 0) {
                n++;
            }
        }
        return n;
    }
}
