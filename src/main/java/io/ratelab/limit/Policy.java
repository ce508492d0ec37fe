package io.ratelab.limit;

/**
 * A limit as the IETF {@code RateLimit-Policy} field describes it (draft-ietf-httpapi-ratelimit-headers-10):
 * {@code "name";q=quota;w=windowSeconds}.
 *
 * @param quota         requests (or concurrent requests) allowed per window, the {@code q} parameter
 * @param windowSeconds the window in whole seconds, the {@code w} parameter; 0 when the limit has no window
 *                      (a concurrency bound)
 * @param unit          the {@code qu} parameter: {@code requests} or {@code concurrent-requests}
 */
public record Policy(long quota, long windowSeconds, String unit) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public Policy {
        if (quota < 0 || windowSeconds < 0) {
            throw new IllegalArgumentException("quota and window must not be negative: q=" + quota + " w=" + windowSeconds);
        }
    }

    public static Policy requests(long quota, long windowSeconds) {
        return new Policy(quota, windowSeconds, "requests");
    }

    public static Policy concurrent(long quota) {
        return new Policy(quota, 0, "concurrent-requests");
    }

    /**
     * A bucket's policy: {@code quota} requests, over the time an empty bucket takes to fill up again, rounded up to
     * a whole second and at least 1 (the {@code w} parameter has no sub-second form).
     */
    static Policy refilling(long quota, long fullSpanNanos) {
        return requests(quota, ceilSeconds(fullSpanNanos));
    }

    /**
     * A window algorithm's policy: {@code limit} requests per window. A window that is not a whole number of seconds
     * is reported over the next whole second up, with the quota that fits in it at the same average rate
     * ({@code 5} per {@code 500ms} reads {@code q=10;w=1}).
     */
    static Policy perWindow(long limit, long windowNanos) {
        long seconds = ceilSeconds(windowNanos);
        if (seconds * NANOS_PER_SECOND == windowNanos) {
            return requests(limit, seconds);
        }
        double quota = (double) limit * seconds * NANOS_PER_SECOND / windowNanos;
        return requests((long) Math.floor(quota), seconds);
    }

    private static long ceilSeconds(long nanos) {
        return Math.max(1, nanos / NANOS_PER_SECOND + (nanos % NANOS_PER_SECOND == 0 ? 0 : 1));
    }
}
