package io.ratelab.limit;

/**
 * The outcome of one admission decision: an immutable value, enough to answer the request and to fill
 * {@code Retry-After}, the IETF {@code RateLimit} fields and the legacy {@code X-RateLimit-*} headers truthfully.
 *
 * <p>All durations are in nanoseconds relative to the {@code nowNanos} the decision was made at.
 *
 * @param allowed         whether the request may proceed
 * @param limit           the quota of the policy that decided (burst capacity, window limit, in-flight bound)
 * @param remaining       how many more requests would be admitted right now, never negative
 * @param retryAfterNanos for a rejection, the wait after which one request is admitted if nothing else arrives; 0 when allowed
 * @param resetAfterNanos the wait until the key is back to its full quota (the {@code t} of the RateLimit field)
 * @param delayNanos      for a shaper, how long an admitted request must wait before it is forwarded; 0 otherwise
 */
public record Decision(boolean allowed, long limit, long remaining, long retryAfterNanos, long resetAfterNanos,
                       long delayNanos) {

    /**
     * The retry-after of a request that can never be admitted, because it asks for more permits than the limit can
     * ever hold at once (a request of 5 against a bucket of 3).
     */
    public static final long NEVER_NANOS = Long.MAX_VALUE;

    public Decision {
        if (remaining < 0 || retryAfterNanos < 0 || resetAfterNanos < 0 || delayNanos < 0) {
            throw new IllegalArgumentException("negative field in " + describe(allowed, limit, remaining,
                    retryAfterNanos, resetAfterNanos, delayNanos));
        }
        if (allowed && retryAfterNanos != 0) {
            throw new IllegalArgumentException("an allowed decision has no retry-after");
        }
        if (!allowed && delayNanos != 0) {
            throw new IllegalArgumentException("a rejected decision has no delay");
        }
    }

    /** Admitted now, without delay. */
    public static Decision allowed(long limit, long remaining, long resetAfterNanos) {
        return new Decision(true, limit, remaining, 0, resetAfterNanos, 0);
    }

    /** Admitted, but to be forwarded only after {@code delayNanos} (a shaping limiter's queue). */
    public static Decision delayed(long limit, long remaining, long resetAfterNanos, long delayNanos) {
        return new Decision(true, limit, remaining, 0, resetAfterNanos, delayNanos);
    }

    /** Rejected; one request is admitted after {@code retryAfterNanos} if nothing else arrives. */
    public static Decision rejected(long limit, long retryAfterNanos, long resetAfterNanos) {
        return new Decision(false, limit, 0, retryAfterNanos, resetAfterNanos, 0);
    }

    /** True for an admitted request that must wait. */
    public boolean isDelayed() {
        return delayNanos > 0;
    }

    private static String describe(boolean allowed, long limit, long remaining, long retry, long reset, long delay) {
        return (allowed ? "allowed" : "rejected") + "[limit=" + limit + ", remaining=" + remaining + ", retryAfterNanos="
                + retry + ", resetAfterNanos=" + reset + ", delayNanos=" + delay + "]";
    }
}
