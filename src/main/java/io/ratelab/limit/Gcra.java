package io.ratelab.limit;

/**
 * Generic cell rate algorithm with redis-cell's semantics ({@code CL.THROTTLE key max_burst count period},
 * brandur/redis-cell {@code src/cell/mod.rs}; ENGINES.md §5).
 *
 * <p>Emission interval {@code T = 1/rate}, delay variation tolerance {@code DVT = T·(B+1)} with {@code B = burst}
 * (optional, default 0). State is one long, the theoretical arrival time {@code TAT}; a new key has
 * {@code TAT = now}. For a request of {@code k} permits:
 * <ul>
 *   <li>{@code newTat = max(now, TAT) + k·T}; {@code allowAt = newTat - DVT};</li>
 *   <li>admitted iff {@code now >= allowAt}; then {@code TAT = newTat}. A rejection leaves the state alone;</li>
 *   <li>the limit is {@code B + 1}: a new key admits {@code B + 1} requests back to back, then one per {@code T};</li>
 *   <li>remaining = {@code floor((DVT - (newTat - now)) / T)} after an admission;</li>
 *   <li>retry-after (rejected) = {@code allowAt - now};</li>
 *   <li>reset-after = {@code newTat - now} when admitted, {@code max(0, TAT - now)} when rejected (redis-cell's
 *       {@code ttl}).</li>
 * </ul>
 * Over any interval of length {@code L} at most {@code B + 1 + L/T} permits are admitted. One deliberate difference
 * from redis-cell: it truncates {@code T = period/count} to a whole nanosecond, which lets a key run up to 1 ns per
 * interval fast; here {@code T} is rounded up, like every RateLab bucket, so the rate is never exceeded. Both agree
 * whenever the period divides evenly ({@code 30} per {@code 60s}: {@code T = 2 s}). Durations stay in nanoseconds;
 * rounding to redis-cell's whole seconds is the header writer's job. A request of more than {@code B + 1} permits is
 * never admitted (retry-after {@link Decision#NEVER_NANOS}, where redis-cell answers -1).
 */
final class Gcra implements LimitAlgorithm {

    private final long emissionIntervalNanos;
    private final long limit;
    private final long toleranceNanos;
    private final Policy policy;

    Gcra(LimiterSpec spec) {
        this(spec.rate(), spec.burstOr(0));
    }

    Gcra(Rate rate, long burst) {
        BurstSpan.requireNonNegative(burst, "max_burst cannot be negative");
        this.emissionIntervalNanos = rate.intervalNanos();
        this.limit = burst + 1;
        this.toleranceNanos = BurstSpan.nanos(limit, rate, burst + " is too large at " + rate);
        this.policy = Policy.refilling(limit, toleranceNanos);
    }

    @Override
    public Algorithm type() {
        return Algorithm.GCRA;
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
        long tat = state[offset];
        long ttl = Math.max(0, tat - nowNanos);
        if (permits > limit) {
            return Decision.rejected(limit, Decision.NEVER_NANOS, ttl);
        }
        long newTat = Math.max(nowNanos, tat) + permits * emissionIntervalNanos;
        long allowAt = newTat - toleranceNanos;
        if (nowNanos < allowAt) {
            return Decision.rejected(limit, allowAt - nowNanos, ttl);
        }
        state[offset] = newTat;
        long newTtl = newTat - nowNanos;
        return Decision.allowed(limit, (toleranceNanos - newTtl) / emissionIntervalNanos, newTtl);
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
        return "gcra(limit=" + limit + ", emissionIntervalNanos=" + emissionIntervalNanos + ")";
    }
}
