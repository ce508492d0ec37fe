package io.ratelab.limit;

/**
 * Concurrency limit: at most {@code N = concurrency} requests in flight per key. It bounds how many requests run at
 * once, not how fast they arrive; a permit comes back when the caller reports the request complete through
 * {@link #release}.
 *
 * <p>State is one long, the in-flight count {@code n}.
 * <ul>
 *   <li>a request of {@code k} permits is admitted iff {@code n + k <= N}; then {@code n += k};</li>
 *   <li>{@code release(k)}: {@code n = max(0, n - k)} (a stray release cannot mint permits);</li>
 *   <li>remaining = {@code N - n} after the decision;</li>
 *   <li>retry-after (rejected) = 0 and reset-after = 0. Time does not free a permit, a completion does, and this
 *       algorithm cannot foresee completions; 0 says "no time-based answer" rather than inventing one. A header
 *       writer should say nothing (no {@code Retry-After}) for a limit whose policy unit is
 *       {@code concurrent-requests}.</li>
 * </ul>
 * The state is idle when nothing is in flight. A request of more than {@code N} permits is never admitted
 * (retry-after {@link Decision#NEVER_NANOS}).
 */
final class ConcurrencyLimit implements LimitAlgorithm {

    private final long maxInFlight;
    private final Policy policy;

    ConcurrencyLimit(LimiterSpec spec) {
        this(spec.concurrency() == null ? 0 : spec.concurrency());
    }

    ConcurrencyLimit(long maxInFlight) {
        if (maxInFlight < 1) {
            throw new SpecException("concurrency", "must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.policy = Policy.concurrent(maxInFlight);
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
        long inFlight = state[offset];
        if (permits > maxInFlight) {
            return Decision.rejected(maxInFlight, Decision.NEVER_NANOS, 0);
        }
        if (inFlight + permits > maxInFlight) {
            return Decision.rejected(maxInFlight, 0, 0);
        }
        inFlight += permits;
        state[offset] = inFlight;
        return Decision.allowed(maxInFlight, maxInFlight - inFlight, 0);
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
        return policy;
    }

    @Override
    public String toString() {
        return "concurrency(max=" + maxInFlight + ")";
    }
}
