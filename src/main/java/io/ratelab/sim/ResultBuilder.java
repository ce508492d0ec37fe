package io.ratelab.sim;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.metrics.JainIndex;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.scenario.KeyRule;
import io.ratelab.traffic.TrafficPlan;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/** Turns one run's counters into a {@link LimiterResult}: totals, per-group counts, latency, fairness. */
final class ResultBuilder {

    private ResultBuilder() {
    }

    static LimiterResult build(String label, int replicas, LimiterSpec spec, KeyRule rule, TrafficPlan plan,
                               Series series, ClientTally clients, KeyTable keys, Histogram[] latencyByOutcome,
                               Upstream upstream, long retriesAdmitted) {
        List<LimiterResult.GroupResult> groups = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            LimiterResult.PerSecond ps = series.group(g);
            groups.add(new LimiterResult.GroupResult(plan.groups().get(g).name(), plan.groups().get(g).clients(),
                    Series.total(ps.offered()), Series.total(ps.admitted()), Series.total(ps.rejected()),
                    Series.total(ps.errors()), Series.total(ps.delayed()), Series.total(ps.retries()), ps));
        }
        LimiterResult.PerSecond total = series.total();
        double[] fairness = fairness(spec, plan, clients, keys);
        LimiterResult.UpstreamResult up = new LimiterResult.UpstreamResult(round(upstream.utilisation(), 4),
                upstream.served(), upstream.errors(), upstream.refused(), round(upstream.meanQueueNanos() / 1e6, 3));
        long offered = Series.total(total.offered());
        long retries = Series.total(total.retries());
        LimiterResult.LatencyMs admittedLatency = latencyMs(latencyByOutcome[0]);
        return new LimiterResult(label, spec.algorithm().id(), rule.toString(), offered, offered + retries,
                Series.total(total.admitted()), Series.total(total.rejected()), Series.total(total.errors()),
                Series.total(total.delayed()), retries, retriesAdmitted, total, admittedLatency,
                new LimiterResult.LatencyByOutcomeMs(admittedLatency, latencyMs(latencyByOutcome[1]),
                        latencyMs(latencyByOutcome[2])), groups,
                round(fairness[0], 4), (long) fairness[1], Double.isNaN(fairness[2]) ? null : round(fairness[2], 6),
                up, peak(total.admitted(), (windowSeconds(spec) + total.stepSeconds() - 1) / total.stepSeconds()),
                windowSeconds(spec), spec.name(), replicas, series.timeline());
    }

    /** The window of a rate limit in whole seconds, at least 1; 0 without a rate. */
    static long windowSeconds(LimiterSpec spec) {
        if (spec.rate() == null || spec.algorithm() == Algorithm.CONCURRENCY) {
            return 0;
        }
        long nanos = spec.window() != null ? spec.window().toNanos() : spec.rate().periodNanos();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The largest sum of {@code window} consecutive entries (all of them if fewer); 0 for a zero window. */
    static long peak(long[] perSecond, long window) {
        if (window <= 0) {
            return 0;
        }
        int w = (int) Math.min(window, perSecond.length);
        long sum = 0;
        for (int i = 0; i < w; i++) {
            sum += perSecond[i];
        }
        long best = sum;
        for (int i = w; i < perSecond.length; i++) {
            sum += perSecond[i] - perSecond[i - w];
            best = Math.max(best, sum);
        }
        return best;
    }

    /**
     * The sustained rate per key in requests per second that the spec promises: for the window algorithms the limit
     * per window over the window, else the rate; NaN for the concurrency limit, which has none.
     */
    static double ratePerSecond(LimiterSpec spec) {
        if (spec.rate() == null || spec.algorithm() == Algorithm.CONCURRENCY) {
            return Double.NaN;
        }
        if (spec.window() != null) {
            return spec.rate().count() * 1e9 / spec.window().toNanos();
        }
        return spec.rate().perSecondDouble();
    }

    /** {Jain's index, well-behaved clients, their rejected share (NaN if none)}; see {@link Fairness}. */
    private static double[] fairness(LimiterSpec spec, TrafficPlan plan, ClientTally clients, KeyTable keys) {
        double rate = ratePerSecond(spec);
        double seconds = plan.durationNanos() / 1e9;
        JainIndex jain = new JainIndex();
        long wellBehaved = 0;
        long wellSent = 0;
        long wellRejected = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int c = 0; c < plan.groups().get(g).clients(); c++) {
                int i = clients.index(g, c);
                int demand = clients.first[i];
                if (demand == 0) {
                    continue;
                }
                long sharing = keys.sharing(g, c);
                jain.add(Fairness.allocation(clients.admitted[i], demand, rate, seconds, sharing));
                if (!Double.isNaN(rate) && demand / seconds <= rate / sharing) {
                    wellBehaved++;
                    wellSent += clients.admitted[i] + clients.rejected[i];
                    wellRejected += clients.rejected[i];
                }
            }
        }
        return new double[]{jain.index(), wellBehaved, wellSent == 0 ? Double.NaN : (double) wellRejected / wellSent};
    }

    private static LimiterResult.LatencyMs latencyMs(Histogram h) {
        LatencySummary s = LatencySummary.of(h);
        return new LimiterResult.LatencyMs(ms(s.p50Nanos()), ms(s.p90Nanos()), ms(s.p99Nanos()), ms(s.p999Nanos()),
                ms(s.maxNanos()), round(s.meanNanos() / 1e6, 3), s.count());
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
