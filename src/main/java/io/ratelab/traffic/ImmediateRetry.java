package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/** Resends a fixed {@code delayNanos} after each 429, ignoring any hint: the client that makes a retry storm. */
final class ImmediateRetry implements RetryPolicy {

    private final int maxAttempts;
    private final long delayNanos;

    ImmediateRetry(int maxAttempts, long delayNanos) {
        this.maxAttempts = RetryPolicy.checkAttempts(maxAttempts);
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay: must be 0 or more, got " + delayNanos + "ns");
        }
        this.delayNanos = delayNanos;
    }

    @Override
    public String id() {
        return "immediate";
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public long retryAt(long nowNanos, int attempt, long retryAfterHintNanos, RandomGenerator random) {
        return attempt + 1 < maxAttempts ? nowNanos + delayNanos : NO_RETRY;
    }

    @Override
    public String toString() {
        return "immediate retry after " + delayNanos + "ns, " + maxAttempts + " attempts";
    }
}
