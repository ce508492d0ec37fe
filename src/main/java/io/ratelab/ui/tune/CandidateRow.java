package io.ratelab.ui.tune;

import io.ratelab.tune.Describe;
import io.ratelab.tune.Scores;
import io.ratelab.tune.TuneResult;

/**
 * One row of the Tune tab's candidates table: the limiter, whether it is on the Pareto set and meets every
 * objective, its cost and its train scores.
 */
public record CandidateRow(String limiter, boolean pareto, boolean meets, double costPerMinute,
                           long legitimateRejected, long keysAffected, double attackerPerSecond,
                           double peakPerSecond, double p99Ms, TuneResult.Candidate candidate) {

    static CandidateRow of(TuneResult.Candidate c) {
        Scores s = c.train();
        return new CandidateRow(Describe.limiter(c.spec()), c.pareto(), c.meets(), c.cost(), s.legitimateRejected(),
                s.keysAffected(), s.attackerAdmittedPerSecond(), s.peakAdmittedPerSecond(), s.p99Ms(), c);
    }
}
