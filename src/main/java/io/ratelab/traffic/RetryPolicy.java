package io.ratelab.traffic;

import io.ratelab.limit.Decision;

import java.util.random.RandomGenerator;

/**
 * What a client does after a 429: a pure object that says when (if ever) it sends the request again. The simulator
 * and the live generator ask the same object, so a retry storm looks the same in both.
 *
 * <p>Attempts are numbered from 0 (the first send); {@link #maxAttempts()} bounds the sends of one request, the first
 * included, so {@code maxAttempts = 1} never retries. Times are nanoseconds since the start of the run. Immutable and
 * thread-safe; randomness (jitter) comes from the caller's seeded generator.
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.backoff(5, 100_000_000L, 10_000_000_000L, RetryPolicy.Jitter.FULL);
 * long at = p.retryAt(decision, nowNanos, attempt, random);      // NO_RETRY, or the time of attempt + 1
 * }</pre>
 */
public interface RetryPolicy {

    /** Returned when the client gives up (or never retries). */
    long NO_RETRY = -1;

    /** How a backoff delay is randomised (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015). */
    enum Jitter {
        /** the delay is exactly {@code min(cap, base·2ⁿ)} */
        NONE("none"),
        /** uniform in {@code [0, min(cap, base·2ⁿ))} */
        FULL("full"),
        /** half fixed, half uniform: {@code d/2 + U[0, d/2)} */
        EQUAL("equal");

        private final String id;

        Jitter(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** The policy's file name: {@code none}, {@code immediate}, {@code backoff} or {@code retry-after}. */
    String id();

    /** The most sends of one request, the first included; at least 1. */
    int maxAttempts();

    /**
     * When the client sends attempt {@code attempt + 1} after attempt {@code attempt} was rejected at
     * {@code nowNanos}, or {@link #NO_RETRY}.
     *
     * @param retryAfterHintNanos what the response's {@code Retry-After} said, in nanos, or a negative value if it
     *                            carried none
     */
    long retryAt(long nowNanos, int attempt, long retryAfterHintNanos, RandomGenerator random);

    /**
     * {@link #retryAt(long, int, long, RandomGenerator)} for a limiter's rejection, with the hint the proxy puts in
     * {@code Retry-After}: HTTP's delta-seconds, the decision's retry-after rounded up to whole seconds.
     */
    default long retryAt(Decision rejection, long nowNanos, int attempt, RandomGenerator random) {
        return retryAt(nowNanos, attempt, retryAfterHeaderNanos(rejection.retryAfterNanos()), random);
    }

    /** {@code Retry-After} as sent: {@code ⌈retryAfterNanos / 1 s⌉} seconds, in nanos. */
    static long retryAfterHeaderNanos(long retryAfterNanos) {
        long second = 1_000_000_000L;
        return (retryAfterNanos + second - 1) / second * second;
    }

    /** Never retries. */
    static RetryPolicy none() {
        return NoRetry.INSTANCE;
    }

    /** Resends {@code delayNanos} after each rejection (0 = at once), up to {@code maxAttempts} sends. */
    static RetryPolicy immediate(int maxAttempts, long delayNanos) {
        return new ImmediateRetry(maxAttempts, delayNanos);
    }

    /**
     * Exponential backoff: after the rejection of attempt {@code n} waits {@code d = min(cap, base·2ⁿ)}, randomised by
     * {@code jitter}.
     */
    static RetryPolicy backoff(int maxAttempts, long baseNanos, long capNanos, Jitter jitter) {
        return new BackoffRetry(maxAttempts, baseNanos, capNanos, jitter);
    }

    /**
     * Honours {@code Retry-After}: resends exactly when the response said; without a hint waits {@code fallbackNanos}.
     */
    static RetryPolicy retryAfter(int maxAttempts, long fallbackNanos) {
        return new RetryAfterRetry(maxAttempts, fallbackNanos);
    }

    /** Validates {@code maxAttempts} for the factories. */
    static int checkAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts: must be 1 to 100 (the first send included), got "
                    + maxAttempts);
        }
        return maxAttempts;
    }
}
