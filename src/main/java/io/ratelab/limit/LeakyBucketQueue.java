package io.ratelab.limit;

/**
 * Leaky bucket as a queue (shaping): requests leave one every {@code I = 1/rate}; an admitted request that cannot
 * leave at once waits in a queue of at most {@code B = burst} places, and is told how long through
 * {@link Decision#delayNanos()}. A request that finds the queue full is rejected.
 *
 * <p>The interval is rounded up to a whole nanosecond, so departures never come faster than the rate. State is one
 * long, {@code f}, the time the queue is next free to start a request (the departure of the last admitted permit
 * plus {@code I}). With {@code w = max(0, f - now)}, the wait a new request would have:
 * <ul>
 *   <li>a request of {@code k} permits is admitted iff {@code w + (k-1)·I <= B·I}: its last permit finds a place in
 *       the queue. It leaves after {@code delay = w}, and {@code f = now + w + k·I}. A rejection leaves the state
 *       alone;</li>
 *   <li>the limit is {@code B + 1}: one request leaving now and {@code B} waiting;</li>
 *   <li>remaining = {@code floor((B·I - w) / I) + 1} with {@code w} after the decision, or 0 when {@code w > B·I};</li>
 *   <li>retry-after (rejected) = {@code w + (k-1)·I - B·I}, when enough of the queue has drained;</li>
 *   <li>reset-after = {@code w}, when the queue is empty.</li>
 * </ul>
 * Departures ({@code now + delay}) of any interval of length {@code T} number at most {@code 1 + T/I}; admissions at
 * most {@code B + 1 + T/I}. A new key starts with an empty queue. A request of more than {@code B + 1} permits is
 * never admitted (retry-after {@link Decision#NEVER_NANOS}).
 */
final class LeakyBucketQueue implements LimitAlgorithm {

    private final long intervalNanos;
    private final long queueLength;
    private final long queueSpanNanos;
    private final Policy policy;

    LeakyBucketQueue(LimiterSpec spec) {
        this(spec.rate(), spec.burstOr(0));
    }

    LeakyBucketQueue(Rate rate, long burst) {
        BurstSpan.requireNonNegative(burst, "a queue length cannot be negative");
        this.intervalNanos = rate.intervalNanos();
        this.queueLength = burst;
        String tooLong = burst + " is too long a queue at " + rate;
        this.queueSpanNanos = BurstSpan.nanos(burst, rate, tooLong);
        this.policy = Policy.refilling(burst + 1, BurstSpan.nanos(burst + 1, rate, tooLong));
    }

    @Override
    public Algorithm type() {
        return Algorithm.LEAKY_QUEUE;
    }

    @Override
    public int stateSlots() {
        return 1;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset] = nowNanos;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long wait = Math.max(0, state[offset] - nowNanos);
        long limit = queueLength + 1;
        if (permits > limit) {
            return Decision.rejected(limit, Decision.NEVER_NANOS, wait);
        }
        long lastPermitWait = wait + (permits - 1) * intervalNanos;
        if (lastPermitWait > queueSpanNanos) {
            return Decision.rejected(limit, lastPermitWait - queueSpanNanos, wait);
        }
        long waitAfter = wait + permits * intervalNanos;
        state[offset] = nowNanos + waitAfter;
        long remaining = waitAfter > queueSpanNanos ? 0 : (queueSpanNanos - waitAfter) / intervalNanos + 1;
        return Decision.delayed(limit, remaining, waitAfter, wait);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return state[offset] <= nowNanos;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "leaky-queue(queueLength=" + queueLength + ", intervalNanos=" + intervalNanos + ")";
    }
}
