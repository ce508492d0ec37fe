package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/** The well-behaved client: resends when {@code Retry-After} says, or {@code fallbackNanos} later without one. */
final class RetryAfterRetry implements RetryPolicy {

    private final int maxAttempts;
    private final long fallbackNanos;

    RetryAfterRetry(int maxAttempts, long fallbackNanos) {
        this.maxAttempts = RetryPolicy.checkAttempts(maxAttempts);
        if (fallbackNanos <= 0) {
            throw new IllegalArgumentException("fallback: must be a positive duration, got " + fallbackNanos + "ns");
        }
        this.fallbackNanos = fallbackNanos;
    }

    @Override
    public String id() {
        return "retry-after";
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public long retryAt(long nowNanos, int attempt, long retryAfterHintNanos, RandomGenerator random) {
        if (attempt + 1 >= maxAttempts) {
            return NO_RETRY;
        }
        return nowNanos + (retryAfterHintNanos >= 0 ? retryAfterHintNanos : fallbackNanos);
    }

    @Override
    public String toString() {
        return "retry after Retry-After (else " + fallbackNanos + "ns), " + maxAttempts + " attempts";
    }
}
