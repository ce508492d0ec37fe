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
}
