package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff: after attempt {@code n} (0 = first send) is rejected the client waits
 * {@code d = min(cap, base·2ⁿ)}, then with {@link RetryPolicy.Jitter#FULL} a uniform {@code U[0, d)}, with
 * {@link RetryPolicy.Jitter#EQUAL} {@code d/2 + U[0, d/2)}, with {@link RetryPolicy.Jitter#NONE} exactly {@code d}.
 */
final class BackoffRetry implements RetryPolicy {

    private final int maxAttempts;
    private final long baseNanos;
    private final long capNanos;
    private final Jitter jitter;

    BackoffRetry(int maxAttempts, long baseNanos, long capNanos, Jitter jitter) {
        this.maxAttempts = RetryPolicy.checkAttempts(maxAttempts);
        if (baseNanos <= 0) {
            throw new IllegalArgumentException("base: must be a positive duration, got " + baseNanos + "ns");
        }
        if (capNanos < baseNanos) {
            throw new IllegalArgumentException("max: must be at least base (" + baseNanos + "ns), got " + capNanos
                    + "ns");
        }
        this.baseNanos = baseNanos;
        this.capNanos = capNanos;
        this.jitter = jitter == null ? Jitter.FULL : jitter;
    }

    @Override
    public String id() {
        return "backoff";
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
        long d = attempt >= 62 || baseNanos > (capNanos >> attempt) ? capNanos : Math.min(capNanos, baseNanos << attempt);
        switch (jitter) {
            case FULL:
                return nowNanos + random.nextLong(d);
            case EQUAL:
                return nowNanos + d / 2 + random.nextLong(Math.max(1, d - d / 2));
            default:
                return nowNanos + d;
        }
    }

    @Override
    public String toString() {
        return "backoff(base=" + baseNanos + "ns, max=" + capNanos + "ns, jitter=" + jitter.id() + ", "
                + maxAttempts + " attempts)";
    }
}
