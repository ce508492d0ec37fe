package io.ratelab.limit.store;

import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.RateLimiter;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key limiter state for many clients. SCAFFOLD internals (a ConcurrentHashMap of state arrays): the bounded,
 * memory-lean table replaces them before this lands; the public surface stays.
 */
public final class KeyedLimiter implements RateLimiter {

    private final LimitAlgorithm algorithm;
    private final ConcurrentHashMap<String, long[]> states = new ConcurrentHashMap<>();

    private KeyedLimiter(Builder b) {
        this.algorithm = b.algorithm;
    }

    public static Builder builder(LimitAlgorithm algorithm) {
        return new Builder(algorithm);
    }

    @Override
    public Decision tryAcquire(CharSequence key, long nowNanos) {
        return acquire(key, nowNanos, 1);
    }

    public Decision acquire(CharSequence key, long nowNanos, int permits) {
        long[] s = states.computeIfAbsent(key.toString(), k -> {
            long[] fresh = new long[algorithm.stateSlots()];
            algorithm.initialize(fresh, 0, nowNanos);
            return fresh;
        });
        synchronized (s) {
            return algorithm.acquire(s, 0, nowNanos, permits);
        }
    }

    @Override
    public void release(CharSequence key, long nowNanos) {
        long[] s = states.get(key.toString());
        if (s != null) {
            synchronized (s) {
                algorithm.release(s, 0, nowNanos, 1);
            }
        }
    }

    /** Keys currently held. */
    public long size() {
        return states.size();
    }

    @Override
    public LimitAlgorithm algorithm() {
        return algorithm;
    }

    /** Builds a {@link KeyedLimiter}; values are validated as they are set. */
    public static final class Builder {
        private final LimitAlgorithm algorithm;
        private long maxKeys = 1 << 20;
        private long idleExpiryNanos = 60_000_000_000L;

        private Builder(LimitAlgorithm algorithm) {
            if (algorithm == null) {
                throw new IllegalArgumentException("algorithm is required");
            }
            this.algorithm = algorithm;
        }

        /** The most keys held at once; beyond it the longest-idle keys are forgotten. */
        public Builder maxKeys(long maxKeys) {
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
            }
            this.maxKeys = maxKeys;
            return this;
        }

        /** How long a key may stay untouched before it may be forgotten (only once its state is idle). */
        public Builder idleExpiryNanos(long nanos) {
            if (nanos < 0) {
                throw new IllegalArgumentException("idleExpiryNanos must not be negative, got " + nanos);
            }
            this.idleExpiryNanos = nanos;
            return this;
        }

        public KeyedLimiter build() {
            return new KeyedLimiter(this);
        }
    }
}
