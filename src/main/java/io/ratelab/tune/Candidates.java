package io.ratelab.tune;

import io.ratelab.limit.LimiterSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Picks the settings worth a full check from a frontier at the spare share asked for: the {@value #CHEAPEST}
 * cheapest points by {@link #cost} (around the knee, where extra rate stops buying much burst) and
 * {@value #SPREAD} more spread evenly over the grid, each already expressible by its family (the frontier's
 * grid is of expressible settings, so the burst is exact for it). With N local replicas each becomes a
 * per-replica limit, {@code rate / N} and {@code burst x margin / N} for margins 1 and {@value #IMBALANCE_MARGIN}
 * (round-robin spreads a key's sends unevenly over the replicas). For nginx, the {@value #DELAYED} cheapest points
 * also get a {@code delay=N} candidate ({@link #delayed}): the same keys pass untouched, and the excess the other keys
 * send is shaped rather than rejected, its wait counted in the full check's latency.
 */
final class Candidates {

    static final int CHEAPEST = 14;
    static final int SPREAD = 10;
    static final double IMBALANCE_MARGIN = 1.5;
    /** nginx: the cheapest points that also get a {@code delay=N} candidate ({@link #delayed}). */
    static final int DELAYED = 6;

    private Candidates() {
    }

    /**
     * One candidate before the check.
     *
     * @param margin the per-replica burst margin (1, or {@value #IMBALANCE_MARGIN}; 1 without local replicas)
     */
    record Pick(LimiterSpec spec, Family family, double roundingError, double margin) {
    }

    static List<Pick> pick(Frontier f, double share, int localReplicas) {
        int level = f.level(share);
        List<Frontier.Point> points = f.points();
        List<Integer> chosen = new ArrayList<>();
        IntStream.range(0, points.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> cost(points.get(i), level)))
                .limit(CHEAPEST).forEach(chosen::add);
        for (int i = 0; i < SPREAD; i++) {
            int idx = (int) Math.round(i * (points.size() - 1) / (double) Math.max(1, SPREAD - 1));
            chosen.add(idx);
        }
        Map<LimiterSpec, Pick> out = new LinkedHashMap<>();
        if (f.family() == Family.NGINX_LIMIT_REQ && localReplicas <= 1) {
            for (int i : chosen.subList(0, Math.min(DELAYED, chosen.size()))) {
                Frontier.Point p = points.get(i);
                LimiterSpec spec = delayed(p, level, f.levels().length - 1);
                if (spec != null) {
                    out.putIfAbsent(spec, new Pick(spec, f.family(), p.setting().roundingError(), 1));
                }
            }
        }
        for (int i : chosen) {
            Frontier.Point p = points.get(i);
            long burst = p.bursts()[level];
            if (localReplicas <= 1) {
                LimiterSpec spec = f.family().spec(p.setting(), burst);
                if (!buildable(spec)) {
                    continue;
                }
                out.putIfAbsent(spec, new Pick(spec, f.family(), p.setting().roundingError(), 1));
                continue;
            }
            for (double margin : new double[]{1, IMBALANCE_MARGIN}) {
                Pick pr = perReplica(f.family(), p, level, localReplicas, margin);
                if (pr != null) {
                    out.putIfAbsent(pr.spec(), pr);
                }
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * nginx {@code delay=N} at point {@code p}: {@code delay} the burst sparing the share asked for (those keys pass
     * untouched, as with {@code nodelay}) and {@code burst} the one sparing every key at level {@code top}, so the
     * excess between the two is shaped (held back to the rate) instead of rejected; null where the two are equal
     * (nothing to shape). nginx refuses {@code delay=0}: then it is left out, which delays every excess request.
     */
    static LimiterSpec delayed(Frontier.Point p, int level, int top) {
        long delay = p.bursts()[level];
        long burst = p.bursts()[top];
        if (burst <= delay) {
            return null;
        }
        return new LimiterSpec(null, Family.NGINX_LIMIT_REQ.algorithm(), p.setting().rate(), burst, null, null, null,
                delay == 0 ? null : delay, null, null, null);
    }

    private static Pick perReplica(Family family, Frontier.Point p, int level, int n, double margin) {
        long burst = (long) Math.ceil(p.bursts()[level] * margin / n);
        try {
            if (family.gridOfPeriods()) {
                LimiterSpec spec = family.spec(p.setting(), Math.max(1, burst));
                return buildable(spec) ? new Pick(spec, family, p.setting().roundingError(), margin) : null;
            }
            Family.Setting s = family.snap(p.perSecond(level) / n);
            return new Pick(family.spec(s, burst), family, s.roundingError(), margin);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** False for a setting the core refuses (a sliding log over {@code MAX_SLIDING_LOG_LIMIT} per window). */
    static boolean buildable(LimiterSpec spec) {
        try {
            spec.build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Seconds of the cost's window: a key's most sends admitted in a minute. */
    static final double COST_WINDOW_SECONDS = 60;

    /**
     * The most sends one key can have admitted in a minute, {@code burst + rate x 60 s}: what an abuser can take,
     * which the recommendation keeps as small as the objectives allow.
     */
    static double cost(Frontier.Point p, int level) {
        return Math.max(1, p.bursts()[level]) + p.perSecond(level) * COST_WINDOW_SECONDS;
    }

    static double cost(LimiterSpec spec) {
        return Math.max(1, Family.burst(spec)) + Family.perSecond(spec) * COST_WINDOW_SECONDS;
    }
}
