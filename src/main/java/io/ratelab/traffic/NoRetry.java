package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/** The client takes the 429 and moves on. */
final class NoRetry implements RetryPolicy {

    static final NoRetry INSTANCE = new NoRetry();

    private NoRetry() {
    }

    @Override
    public String id() {
        return "none";
    }

    @Override
    public int maxAttempts() {
        return 1;
    }

    @Override
    public long retryAt(long nowNanos, int attempt, long retryAfterHintNanos, RandomGenerator random) {
        return NO_RETRY;
    }

    @Override
    public String toString() {
        return "no retry";
    }
}
