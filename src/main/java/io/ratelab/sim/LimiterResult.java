package io.ratelab.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * One limiter's outcome, in the vocabulary every RateLab output shares ({@link io.ratelab.metrics.Vocabulary}):
 * {@code offered} = first attempts, {@code sent} = first attempts + retries, and the sends by answer:
 * {@code admitted} (2xx) + {@code rejected} (429) + {@code errors} (the upstream's 500s and 503s) = {@code sent}.
 * {@code retriesAdmitted} of the retries got through the limiter. {@code delayed} counts admitted requests a shaper
 * held back.
 *
 * @param name                     the limiter's label
 * @param algorithm                its algorithm id
 * @param key                      the key rule it counted by
 * @param offered                  first attempts of requests
 * @param sent                     sends that reached the limiter: first attempts and retries
 * @param admitted                 sends admitted by the limiter and answered 2xx (delayed or not)
 * @param rejected                 sends rejected (429)
 * @param errors                   sends admitted by the limiter that the upstream failed (500, error rate) or
 *                                 refused (503, queue full)
 * @param delayed                  admitted sends with a shaping delay
 * @param retries                  resends after a 429
 * @param retriesAdmitted          resends admitted
 * @param perSecond                the same counts per second of virtual time (per {@code perSecond.stepSeconds} in
 *                                 runs longer than a day)
 * @param latencyMs                latency of admitted requests, from intended send to the client holding the answer:
 *                                 shaping delay, upstream queue wait and service, and the clients' round trip
 *                                 ({@code network.rtt}; the same as {@code latencyByOutcomeMs.admitted})
 * @param latencyByOutcomeMs       latency split by answer: admitted (2xx), rejected (429: the round trip) and error
 * @param groups                   the counts per traffic group
 * @param fairness                 Jain's index over clients, see {@link Fairness}
 * @param wellBehavedClients       clients whose first attempts stayed within their fair share of the limit:
 *                                 {@code dᵢ/T ≤ r/kᵢ} ({@link Fairness} for the symbols); 0 without a rate
 * @param wellBehavedRejectedShare of those clients' sends, the share rejected; null if there are none
 * @param upstream                 what the upstream saw
 * @param peakAdmittedPerWindow    the most requests admitted, all keys together, in any {@code windowSeconds}
 *                                 consecutive whole seconds (from the per-second series): with one key, compare it
 *                                 with the limit per window to see a boundary burst; 0 for a limit without a rate
 *                                 (in runs longer than a day, over whole steps of the series: an upper bound)
 * @param windowSeconds            the limiter's window (its rate's period, or its {@code window}), whole seconds,
 *                                 at least 1; 0 without a rate
 * @param limiter                  the scenario limiter this row simulates ({@code name} adds " (N local)" or
 *                                 " (shared)" when the scenario has replicas)
 * @param replicas                 how many independent copies of the limiter the requests were spread over,
 *                                 round-robin: N for "NAME (N local)", 1 for one limit (shared, or no replicas)
 * @param timeline                 the totals the charts plot, at least 100 steps in a short run (not in the JSON)
 */
public record LimiterResult(String name, String algorithm, String key, long offered, long sent, long admitted,
                            long rejected, long errors, long delayed, long retries, long retriesAdmitted,
                            PerSecond perSecond, LatencyMs latencyMs, LatencyByOutcomeMs latencyByOutcomeMs,
                            List<GroupResult> groups, double fairness, long wellBehavedClients,
                            Double wellBehavedRejectedShare, UpstreamResult upstream, long peakAdmittedPerWindow,
                            long windowSeconds, String limiter, int replicas,
                            @JsonIgnore Timeline timeline) {

    /**
     * What the charts plot: offered (first attempts), admitted, rejected and errors of all groups per step of
     * {@code stepNanos}, index {@code i} covering {@code [i·step, (i+1)·step)}. The step is the series'
     * ({@link PerSecond}) for a run of 100 s or more, and shorter for a shorter run, so that it still gets at least
     * 100 points: a 22 s trace replayed at 10× lasts 2.2 s and plots 110 steps of 20 ms, not 3 of a second
     * (issue 21). Not part of the JSON output, which keeps {@link PerSecond}.
     */
    public record Timeline(long stepNanos, long[] offered, long[] admitted, long[] rejected, long[] errors) {

        public Timeline {
            if (stepNanos < 1) {
                throw new IllegalArgumentException("stepNanos: must be positive, got " + stepNanos);
            }
        }

        /** The step in seconds. */
        public double stepSeconds() {
            return stepNanos / 1e9;
        }

        /** How many steps the timeline holds. */
        public int steps() {
            return offered.length;
        }
    }

    /**
     * Counts per step of virtual time: index {@code i} covers {@code [i·step, (i+1)·step)} seconds. The step is one
     * second for runs up to a day; longer runs (a month-long trace) count per {@code stepSeconds} (2 s to 1 d) so that
     * a series stays within 86,400 points.
     */
    public record PerSecond(long[] offered, long[] admitted, long[] rejected, long[] errors, long[] delayed,
                            long[] retries, long stepSeconds) {

        public PerSecond {
            if (stepSeconds < 1) {
                throw new IllegalArgumentException("stepSeconds: must be at least 1, got " + stepSeconds);
            }
        }

        /** Counts per second (a step of one second). */
        public PerSecond(long[] offered, long[] admitted, long[] rejected, long[] errors, long[] delayed,
                         long[] retries) {
            this(offered, admitted, rejected, errors, delayed, retries, 1);
        }
    }

    /** Latency by answer: admitted (2xx), rejected (429) and error (5xx). */
    public record LatencyByOutcomeMs(LatencyMs admitted, LatencyMs rejected, LatencyMs error) {
    }

    /** Latency percentiles in milliseconds (HdrHistogram, 3 significant digits), and how many were recorded. */
    public record LatencyMs(double p50, double p90, double p99, double p999, double max, double mean, long count) {
    }

    /** One traffic group's counts under this limiter ({@code offered}: first attempts; sent = offered + retries). */
    public record GroupResult(String name, long clients, long offered, long admitted, long rejected, long errors,
                              long delayed, long retries, PerSecond perSecond) {
    }

    /**
     * The upstream's side: the share of its capacity busy during the run, requests served, failed (error rate),
     * refused (503, queue full) and the served requests' mean wait in its queue.
     */
    public record UpstreamResult(double utilisation, long served, long errors, long refused, double meanQueueMs) {
    }
}
