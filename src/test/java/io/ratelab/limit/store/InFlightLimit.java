package io.ratelab.limit.store;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.Policy;

/**
 * A minimal in-flight bound for the store's tests (state: permits held), so the table's handling of keys with
 * permits in flight is tested independently of the production concurrency limit. It reports the
 * {@link Algorithm#CONCURRENCY} type, which is what makes the table keep busy keys.
 */
final class InFlightLimit implements LimitAlgorithm {

    private final long limit;

    InFlightLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public Algorithm type() {
        return Algorithm.CONCURRENCY;
    }

    @Override
    public int stateSlots() {
        return 1;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset] = 0;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        if (state[offset] + permits > limit) {
            return Decision.rejected(limit, 1, 1);
        }
        state[offset] += permits;
        return Decision.allowed(limit, limit - state[offset], 0);
    }

    @Override
    public void release(long[] state, int offset, long nowNanos, int permits) {
        state[offset] = Math.max(0, state[offset] - permits);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return state[offset] == 0;
    }

    @Override
    public Policy policy() {
        return Policy.concurrent(limit);
    }
}
