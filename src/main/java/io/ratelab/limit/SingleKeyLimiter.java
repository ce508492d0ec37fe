package io.ratelab.limit;

/**
 * A limiter that treats every request as one key: the global limit, and the simplest way to drive an algorithm in
 * tests. Thread-safe through one monitor; use {@link io.ratelab.limit.store.KeyedLimiter} for many keys.
 */
public final class SingleKeyLimiter implements RateLimiter {

    private final LimitAlgorithm algorithm;
    private final long[] state;
    private boolean initialized;

    public SingleKeyLimiter(LimitAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.state = new long[algorithm.stateSlots()];
    }

    @Override
    public synchronized Decision tryAcquire(CharSequence key, long nowNanos) {
        return acquire(nowNanos, 1);
    }

    /** Decides a request of {@code permits} units. */
    public synchronized Decision acquire(long nowNanos, int permits) {
        if (!initialized) {
            algorithm.initialize(state, 0, nowNanos);
            initialized = true;
        }
        return algorithm.acquire(state, 0, nowNanos, permits);
    }

    @Override
    public synchronized void release(CharSequence key, long nowNanos) {
        if (initialized) {
            algorithm.release(state, 0, nowNanos, 1);
        }
    }

    @Override
    public LimitAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public String toString() {
        return "single-key " + algorithm;
    }
}
