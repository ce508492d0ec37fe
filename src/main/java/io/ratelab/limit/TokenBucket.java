package io.ratelab.limit;

/**
 * Token bucket with continuous refill.
 *
 * <p>A bucket holds at most {@code B = burst} tokens and gains one every {@code I = 1/rate} (the interval is rounded
 * up to a whole nanosecond, so the bucket never refills faster than the rate). A request of {@code k} permits is
 * admitted when the bucket holds at least {@code k} tokens, and takes them. Tokens accrue fractionally: nothing is
 * lost between requests.
 *
 * <p>State is one long, {@code e}, the time at which the bucket would have been empty: {@code tokens(now) =
 * min(B, (now - e) / I)}. With {@code e' = max(e, now - B·I)} (the cap), a request is admitted iff
 * {@code now - e' >= k·I}, and then {@code e = e' + k·I}. It follows that over any interval of length {@code T} at
 * most {@code B + T/I} permits are admitted.
 * <ul>
 *   <li>remaining = {@code floor((now - e) / I)} after the decision;</li>
 *   <li>retry-after (rejected) = {@code e' + k·I - now}, the moment enough tokens exist;</li>
 *   <li>reset-after = {@code e + B·I - now}, when the bucket is full again.</li>
 * </ul>
 * A new key starts full. A request of more than {@code B} permits is never admitted (retry-after
 * {@link Decision#NEVER_NANOS}).
 */
final class TokenBucket implements LimitAlgorithm {

    private final long intervalNanos;
    private final long capacity;
    private final long fullSpanNanos;
    private final Policy policy;

    TokenBucket(LimiterSpec spec) {
        this(spec.rate(), spec.burstOr(0));
    }

    TokenBucket(Rate rate, long burst) {
        if (burst < 1) {
            throw new SpecException("burst", "a token bucket needs a capacity of at least 1, got " + burst);
        }
        this.intervalNanos = rate.intervalNanos();
        this.capacity = burst;
        this.fullSpanNanos = Math.multiplyExact(burst, intervalNanos);
        this.policy = Policy.refilling(burst, fullSpanNanos);
    }

    @Override
    public Algorithm type() {
        return Algorithm.TOKEN_BUCKET;
    }

    @Override
    public int stateSlots() {
        return 1;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset] = nowNanos - fullSpanNanos;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long emptyAt = Math.max(state[offset], nowNanos - fullSpanNanos);
        if (permits > capacity) {
            return Decision.rejected(capacity, Decision.NEVER_NANOS, emptyAt + fullSpanNanos - nowNanos);
        }
        long need = permits * intervalNanos;
        if (nowNanos - emptyAt < need) {
            long retry = emptyAt + need - nowNanos;
            return Decision.rejected(capacity, retry, emptyAt + fullSpanNanos - nowNanos);
        }
        emptyAt += need;
        state[offset] = emptyAt;
        return Decision.allowed(capacity, (nowNanos - emptyAt) / intervalNanos, emptyAt + fullSpanNanos - nowNanos);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return nowNanos - state[offset] >= fullSpanNanos;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "token-bucket(capacity=" + capacity + ", intervalNanos=" + intervalNanos + ")";
    }
}
