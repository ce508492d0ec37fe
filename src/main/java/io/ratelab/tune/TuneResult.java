package io.ratelab.tune;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ratelab.limit.LimiterSpec;

import java.util.List;
import java.util.Map;

/**
 * What a tuning found: the objectives, the frontier, the candidates with their scores, and one recommendation with
 * its why. Serialises to the {@code ratelab tune --json} document (field names are a contract, issue 17).
 *
 * @param objectives  the objectives and options the tuning ran with
 * @param data        how much data there was, and how it was split
 * @param frontier    the frontier at the spare share asked for, every family's settings in ascending rate
 * @param curves      every family's frontier at each spare level, for the chart
 * @param candidates  the candidates checked in full, cheapest first
 * @param recommended the recommendation
 * @param unmeetable  when no candidate meets every objective: which and the closest; else null
 */
public record TuneResult(Map<String, Object> objectives, DataSummary data, List<FrontierPoint> frontier,
                         List<Curve> curves, List<Candidate> candidates, Recommendation recommended,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Unmeetable unmeetable) {

    /**
     * @param requests           first attempts read
     * @param keys               distinct keys
     * @param legitimateKeys     keys counted as legitimate that sent anything in the tuning span
     * @param spanSeconds        the whole span
     * @param tuningSeconds      the span tuned on
     * @param holdoutSeconds     the unseen span scored again; 0 without holdout
     */
    public record DataSummary(long requests, int keys, int legitimateKeys, double spanSeconds, double tuningSeconds,
                              double holdoutSeconds) {
    }

    /**
     * One point of the frontier: the burst sparing {@code spareShare} at {@code rate}. For the window algorithms
     * (fixed window, sliding log, sliding window) {@code window} is the window {@code W} (e.g. {@code 10s}),
     * {@code burst} the least limit {@code N} per window and {@code rate} {@code N / W}; null for the others.
     */
    public record FrontierPoint(String algorithm, String rate, double ratePerSecond, long burst, double spareShare,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String window) {
    }

    /** One family's frontier at one spare level. */
    public record Curve(String algorithm, double spareShare, List<FrontierPoint> points) {
    }

    /**
     * A candidate checked in full.
     *
     * @param spec           the limiter
     * @param pareto         on the Pareto set over the train scores and the cost
     * @param meets          meets every objective on the tuning data
     * @param roundingError  the relative distance of its rate from the frontier's grid value it was rounded from
     * @param cost           rate per second x burst
     * @param train          scores on the tuning data
     * @param holdout        scores on the unseen data, or null without holdout
     */
    public record Candidate(LimiterSpec spec, boolean pareto, boolean meets, double roundingError, double cost,
                            Scores train, @JsonInclude(JsonInclude.Include.ALWAYS) Scores holdout,
                            double replicaMargin) {
    }

    /**
     * @param spec       the limiter to deploy
     * @param rule       how it was chosen
     * @param why        the reason in words and numbers
     * @param train      its scores on the tuning data
     * @param holdout    on the unseen data, or null
     * @param confidence {@code normal} or {@code low}
     * @param reasons    why confidence is low (empty when normal)
     * @param explain    the keys it rejects most, and the difference from the scenario's current limiter
     */
    public record Recommendation(LimiterSpec spec, String rule, String why, Scores train,
                                 @JsonInclude(JsonInclude.Include.ALWAYS) Scores holdout,
                                 String confidence, List<String> reasons, Explanation explain) {
    }

    /**
     * @param topRejected    the (up to) 20 keys rejected most
     * @param current        the scenario's limiter of the same algorithm compared with, or null
     * @param rejectedNewly  keys the recommendation rejects that the current limiter admits in full (up to 20)
     * @param admittedNewly  keys the current limiter rejects that the recommendation admits in full (up to 20)
     * @param rejectedNewlyCount all such keys
     * @param admittedNewlyCount all such keys
     */
    public record Explanation(List<KeyRejection> topRejected, String current, List<String> rejectedNewly,
                              List<String> admittedNewly, long rejectedNewlyCount, long admittedNewlyCount) {
    }

    /** One key's sends and rejections under the recommendation. */
    public record KeyRejection(String key, boolean legitimate, long sent, long rejected, double rejectedShare) {
    }

    /**
     * @param message the objectives that cannot all be met, in one sentence with the closest candidate
     * @param missed  the objectives the closest candidate misses
     * @param closest up to three closest candidates, each with what it gives up
     */
    public record Unmeetable(String message, List<String> missed, List<Closest> closest) {
    }

    /** A candidate near the objectives, with what it gives up. */
    public record Closest(LimiterSpec spec, List<String> givesUp) {
    }
}
