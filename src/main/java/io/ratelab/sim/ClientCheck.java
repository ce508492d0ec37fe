package io.ratelab.sim;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.UpstreamSpec;
import io.ratelab.traffic.TrafficPlan;

/**
 * One limiter simulated in full over a plan (the same run {@link Simulator} makes: retries, shaping delay, the
 * upstream model, N round-robin replicas), with each client's counts kept: what the tuner scores candidates by.
 * Runs on the calling thread; different checks may run on different threads at once.
 *
 * @param result    the limiter's result, as {@code simulate} reports it
 * @param offsets   the index of each group's client 0 in the per-client arrays
 * @param first     per client, first attempts (its demand)
 * @param admitted  per client, sends admitted
 * @param rejected  per client, sends rejected
 */
public record ClientCheck(LimiterResult result, int[] offsets, int[] first, int[] admitted, int[] rejected) {

    /**
     * Simulates {@code spec} keyed by {@code rule} over {@code plan}, spread over {@code replicas} local copies, the
     * clients {@code rttNanos} from the limiter ({@link io.ratelab.scenario.Scenario#rttNanos()}).
     */
    public static ClientCheck run(TrafficPlan plan, LimiterSpec spec, KeyRule rule, UpstreamSpec upstream,
                                  int replicas, long rttNanos) {
        LimiterRun run = new LimiterRun(plan, spec, rule, upstream, null, 0, spec.name(), replicas, rttNanos);
        LimiterResult result = run.run();
        ClientTally t = run.clients();
        int[] offsets = new int[plan.groups().size()];
        for (int g = 0; g < offsets.length; g++) {
            offsets[g] = t.index(g, 0);
        }
        return new ClientCheck(result, offsets, t.first, t.admitted, t.rejected);
    }
}
