package io.ratelab.limit;

/**
 * Leaky bucket as a meter (policing): each admitted request pours one unit into a bucket that leaks at the rate; a
 * request that would overflow the bucket is rejected, never delayed.
 *
 * <p>The rate is {@code c} requests per {@code P} nanoseconds and the bucket holds {@code B = burst} requests. The
 * level is kept exactly, in fixed point: one request is {@code P} level units and the bucket leaks {@code c} units
 * per nanosecond, so no fraction of a request is ever rounded away. State is two longs: the level {@code L} (units)
 * and the time {@code t} it was measured at.
 * <ul>
 *   <li>level now: {@code L' = max(0, L - (now - t)·c)};</li>
 *   <li>a request of {@code k} permits is admitted iff {@code L' + k·P <= B·P}; then {@code L = L' + k·P, t = now}.
 *       A rejection leaves the state alone;</li>
 *   <li>remaining = {@code floor((B·P - L') / P)} after the decision;</li>
 *   <li>retry-after (rejected) = {@code ceil((L' - (B-k)·P) / c)}, the first nanosecond at which the level has
 *       leaked low enough;</li>
 *   <li>reset-after = {@code ceil(L' / c)}, when the bucket is empty.</li>
 * </ul>
 * Over any interval of length {@code T} at most {@code B + T·c/P} permits are admitted. Mathematically this is the
 * token bucket turned upside down (level = capacity - tokens); it is kept as its own representation because that is
 * how a meter is written (nginx's {@code excess} is such a level). A new key starts empty. A request of more than
 * {@code B} permits is never admitted (retry-after {@link Decision#NEVER_NANOS}).
 */
final class LeakyBucketMeter implements LimitAlgorithm {

    private static final int LEVEL = 0;
    private static final int MEASURED_AT = 1;

    private final long countPerPeriod;
    private final long unitsPerRequest;
    private final long capacity;
    private final long capacityUnits;
    private final Policy policy;

    LeakyBucketMeter(LimiterSpec spec) {
        this(spec.rate(), spec.burstOr(0));
    }

    LeakyBucketMeter(Rate rate, long burst) {
        if (burst < 1) {
            throw new SpecException("burst", "a leaky bucket needs a capacity of at least 1, got " + burst);
        }
        this.countPerPeriod = rate.count();
        this.unitsPerRequest = rate.periodNanos();
        this.capacity = burst;
        try {
            this.capacityUnits = Math.multiplyExact(burst, unitsPerRequest);
        } catch (ArithmeticException e) {
            throw new SpecException("burst", burst + " is too large for a period of " + rate.period());
        }
        this.policy = Policy.refilling(burst, ceilDiv(capacityUnits, countPerPeriod));
    }

    @Override
    public Algorithm type() {
        return Algorithm.LEAKY_BUCKET;
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset + LEVEL] = 0;
        state[offset + MEASURED_AT] = nowNanos;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long level = levelAt(state, offset, nowNanos);
        if (permits > capacity) {
            return Decision.rejected(capacity, Decision.NEVER_NANOS, drainNanos(level));
        }
        long added = permits * unitsPerRequest;
        if (level + added > capacityUnits) {
            long retry = ceilDiv(level + added - capacityUnits, countPerPeriod);
            return Decision.rejected(capacity, retry, drainNanos(level));
        }
        level += added;
        state[offset + LEVEL] = level;
        state[offset + MEASURED_AT] = Math.max(nowNanos, state[offset + MEASURED_AT]);
        return Decision.allowed(capacity, (capacityUnits - level) / unitsPerRequest, drainNanos(level));
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return levelAt(state, offset, nowNanos) == 0;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /** The level leaked down to {@code nowNanos}; a clock read behind the last measurement leaks nothing. */
    private long levelAt(long[] state, int offset, long nowNanos) {
        long level = state[offset + LEVEL];
        long elapsed = nowNanos - state[offset + MEASURED_AT];
        if (elapsed <= 0 || level == 0) {
            return level;
        }
        // Compare before multiplying: elapsed·c may overflow a long after a long idle spell.
        return elapsed >= drainNanos(level) ? 0 : level - elapsed * countPerPeriod;
    }

    private long drainNanos(long level) {
        return ceilDiv(level, countPerPeriod);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public String toString() {
        return "leaky-bucket(capacity=" + capacity + ", rate=" + countPerPeriod + "/" + unitsPerRequest + "ns)";
    }
}
