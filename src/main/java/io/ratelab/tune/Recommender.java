package io.ratelab.tune;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.TuneSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The Pareto set over the candidates' scores and the one recommendation, by the rule {@link #RULE}; when no candidate
 * meets every objective, which objectives cannot be met together and the closest candidates with what each gives up.
 */
final class Recommender {

    static final String RULE = "among the candidates that meet every objective on the tuning data (and, where"
            + " some do, refill their burst within half the tuning span, so the data shows bursts returning), the"
            + " Pareto candidate that lets one key take the least in a minute (burst + rate x 60 s); ties go to"
            + " fewer legitimate rejections";

    private Recommender() {
    }

    /**
     * @param candidate  the recommendation
     * @param rule       how it was chosen
     * @param why        the reason in words and numbers
     * @param unmeetable the objectives not met together, or null
     */
    record Choice(TuneResult.Candidate candidate, String rule, String why, TuneResult.Unmeetable unmeetable) {
    }

    /**
     * Marks the candidates no other one beats on every score (legitimate rejected share, attacker admitted per
     * second, peak admitted per second, p99, and what one key can take in a minute, {@code costs}) while being
     * strictly better on one.
     */
    static boolean[] pareto(List<Scores> s, double[] costs) {
        boolean[] out = new boolean[s.size()];
        for (int i = 0; i < s.size(); i++) {
            out[i] = true;
            for (int j = 0; j < s.size() && out[i]; j++) {
                if (j != i && dominates(vector(s.get(j), costs[j]), vector(s.get(i), costs[i]))) {
                    out[i] = false;
                }
            }
        }
        return out;
    }

    private static boolean dominates(double[] x, double[] y) {
        boolean better = false;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > y[i]) {
                return false;
            }
            better |= x[i] < y[i];
        }
        return better;
    }

    private static double[] vector(Scores s, double cost) {
        return new double[]{s.legitimateRejectedShare(), s.attackerAdmittedPerSecond(), s.peakAdmittedPerSecond(),
                s.p99Ms(), cost};
    }

    /** The candidates are in ascending cost. */
    static Choice choose(List<TuneResult.Candidate> candidates, TuneSpec o, Target target, double spanSeconds,
                         int localReplicas) {
        List<TuneResult.Candidate> meeting = candidates.stream().filter(TuneResult.Candidate::meets).toList();
        if (!meeting.isEmpty()) {
            List<TuneResult.Candidate> seen = meeting.stream()
                    .filter(c -> refillSeconds(c.spec()) <= spanSeconds / 2).toList();
            List<TuneResult.Candidate> pool = (seen.isEmpty() ? meeting : seen).stream()
                    .filter(TuneResult.Candidate::pareto).toList();
            if (pool.isEmpty()) {
                pool = seen.isEmpty() ? meeting : seen;
            }
            TuneResult.Candidate best = pool.stream().min(Comparator.comparingDouble(TuneResult.Candidate::cost)
                    .thenComparingLong(c -> c.train().legitimateRejected())).orElseThrow();
            return new Choice(best, RULE, why(best, o, meeting.size(), candidates.size(), localReplicas), null);
        }
        List<TuneResult.Candidate> closest = candidates.stream()
                .sorted(Comparator.comparingInt((TuneResult.Candidate c) -> c.train().misses(o).size())
                        .thenComparingDouble(c -> c.train().shortfall(o))
                        .thenComparingDouble(TuneResult.Candidate::cost))
                .limit(3).toList();
        TuneResult.Candidate best = closest.get(0);
        List<String> missed = best.train().misses(o);
        List<TuneResult.Closest> list = new ArrayList<>();
        for (TuneResult.Candidate c : closest) {
            list.add(new TuneResult.Closest(c.spec(), c.train().misses(o)));
        }
        String message = "no " + target.id() + " limiter among the " + candidates.size() + " checked "
                + objectivesInWords(o) + "; closest: " + describe(best.spec()) + ", which "
                + String.join(" and ", missed);
        String rule = "no candidate meets every objective: the one missing the fewest, then by the smallest"
                + " relative shortfall";
        return new Choice(best, rule, message, new TuneResult.Unmeetable(message, missed, list));
    }

    /** Seconds an emptied limiter takes to regain its burst: burst / rate. */
    static double refillSeconds(LimiterSpec spec) {
        return Family.burst(spec) / Family.perSecond(spec);
    }

    private static String objectivesInWords(TuneSpec o) {
        StringBuilder b = new StringBuilder("spares " + TuneSpec.percent(o.spare().share()) + " of "
                + o.spare().of());
        if (o.protect() != null) {
            if (o.protect().maxRate() != null) {
                b.append(" while holding the upstream to ").append(Family.format(
                        o.protect().maxRate().perSecondDouble()));
            }
            if (o.protect().utilisation() != null) {
                b.append(" while keeping the upstream at most ").append(TuneSpec.percent(o.protect().utilisation()))
                        .append(" busy");
            }
            if (o.protect().p99() != null) {
                b.append(" with a p99 of at most ").append(o.protect().p99().toMillis()).append(" ms");
            }
        }
        return b.toString();
    }

    private static String why(TuneResult.Candidate c, TuneSpec o, int meeting, int total, int localReplicas) {
        Scores s = c.train();
        StringBuilder b = new StringBuilder();
        b.append(describe(c.spec())).append(" spares ").append(TuneSpec.percent(s.sparedShare())).append(" of ")
                .append(o.spare().of()).append(" (objective ").append(TuneSpec.percent(o.spare().share()))
                .append("): it rejects ").append(s.legitimateRejected()).append(" legitimate requests (")
                .append(TuneSpec.percent(s.legitimateRejectedShare())).append(", ").append(s.keysAffected())
                .append(" of ").append(s.legitimateKeys()).append(" keys)");
        if (o.protect() != null && o.protect().maxRate() != null) {
            b.append("; the busiest second admits ").append(Math.round(s.peakAdmittedPerSecond())).append(", within ")
                    .append(Family.format(o.protect().maxRate().perSecondDouble()));
        }
        if (o.protect() != null && o.protect().p99() != null) {
            b.append("; p99 ").append(s.p99Ms()).append(" ms");
        }
        if (o.attack() != null) {
            b.append(String.format(Locale.ROOT, "; the attack gets %.1f/s through", s.attackerAdmittedPerSecond()));
            if (s.attackerHeldAfterSeconds() != null) {
                b.append(", held to its limit after ").append(s.attackerHeldAfterSeconds()).append(" s");
            }
        }
        b.append(String.format(Locale.ROOT, ". Of the %d candidates checked, %d meet every objective; this one lets"
                + " one key take the least: at most %.0f requests in a minute.", total, meeting, c.cost()));
        if (c.spec().algorithm() == io.ratelab.limit.Algorithm.NGINX_LIMIT_REQ
                && !Boolean.TRUE.equals(c.spec().nodelay())) {
            b.append(" It shapes rather than rejects: requests beyond ").append(c.spec().delay() == null ? "the first"
                    : "delay=" + c.spec().delay()).append(" of a burst are held back to the rate (up to burst=")
                    .append(c.spec().burstOr(0)).append("), and that wait is in the p99 above.");
        }
        b.append(replicas(c, o, localReplicas));
        if (c.roundingError() > 0.005) {
            b.append(String.format(Locale.ROOT, " Its rate is %.1f%% from the frontier's value, rounded to what the"
                    + " engine can write.", c.roundingError() * 100));
        }
        return b.toString();
    }

    /** What the replicas objective does to the limit, in words: empty for one replica. */
    static String replicas(TuneResult.Candidate c, TuneSpec o, int localReplicas) {
        if (o.replicas() <= 1) {
            return "";
        }
        if (localReplicas <= 1) {
            return String.format(Locale.ROOT, " The %d replicas share one store, so this is the limit of all of"
                    + " them together, as checked.", o.replicas());
        }
        return String.format(Locale.ROOT, " This is each of the %d replicas' own limit (no shared store): the"
                + " rate divided by %d and the burst multiplied by a margin of %s and divided by %d, because"
                + " round-robin does not split a key's bursts evenly over the replicas; the scores above come from"
                + " simulating the %d local limiters behind round-robin.", localReplicas, localReplicas,
                c.replicaMargin() == Math.rint(c.replicaMargin()) ? String.valueOf((long) c.replicaMargin())
                        : String.valueOf(c.replicaMargin()), localReplicas, localReplicas);
    }

    static String describe(LimiterSpec spec) {
        return Describe.limiter(spec);
    }
}
