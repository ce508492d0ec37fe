package io.ratelab.proxy;

import io.ratelab.limit.Decision;
import io.ratelab.limit.Policy;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Writes the rate-limit response fields from a {@link Decision}:
 * <ul>
 *   <li>{@code RateLimit-Policy: "name";q=100;w=1} (draft-ietf-httpapi-ratelimit-headers-10; {@code qu} for a
 *       concurrency limit, no {@code w} when the limit has no window);</li>
 *   <li>{@code RateLimit: "name";r=REMAINING;t=SECONDS} with {@code t} = reset-after rounded up to whole seconds;</li>
 *   <li>on rejection {@code Retry-After: SECONDS}, the decision's retry-after rounded up (RFC 9110 delay-seconds);</li>
 *   <li>optionally the legacy {@code X-RateLimit-Limit/Remaining/Reset} (reset in delta seconds, as Envoy does).</li>
 * </ul>
 * Header names are interned {@link HttpString} constants; values are built per request. Stateless.
 */
final class RateLimitHeaders {

    static final HttpString RATELIMIT_POLICY = new HttpString("RateLimit-Policy");
    static final HttpString RATELIMIT = new HttpString("RateLimit");
    static final HttpString X_RATELIMIT_LIMIT = new HttpString("X-RateLimit-Limit");
    static final HttpString X_RATELIMIT_REMAINING = new HttpString("X-RateLimit-Remaining");
    static final HttpString X_RATELIMIT_RESET = new HttpString("X-RateLimit-Reset");

    private RateLimitHeaders() {
    }

    /** The constant {@code RateLimit-Policy} value of a limiter. */
    static String policyValue(String name, Policy policy) {
        StringBuilder b = new StringBuilder().append(sfString(name)).append(";q=").append(policy.quota());
        if (!"requests".equals(policy.unit())) {
            b.append(";qu=").append(sfString(policy.unit()));
        }
        if (policy.windowSeconds() > 0) {
            b.append(";w=").append(policy.windowSeconds());
        }
        return b.toString();
    }

    /** Fields for an admitted request. */
    static void admitted(HeaderMap headers, LimiterAssembly a, Decision d) {
        long resetSeconds = ceilSeconds(d.resetAfterNanos());
        headers.put(RATELIMIT_POLICY, a.policyHeader());
        headers.put(RATELIMIT, a.quotedName() + ";r=" + d.remaining() + ";t=" + resetSeconds);
        if (a.settings().legacyHeaders()) {
            legacy(headers, d, resetSeconds);
        }
    }

    /** Fields for a rejection, {@code Retry-After} included. */
    static void rejected(HeaderMap headers, LimiterAssembly a, Decision d) {
        admitted(headers, a, d);
        headers.put(Headers.RETRY_AFTER, ceilSeconds(d.retryAfterNanos()));
    }

    private static void legacy(HeaderMap headers, Decision d, long resetSeconds) {
        headers.put(X_RATELIMIT_LIMIT, d.limit());
        headers.put(X_RATELIMIT_REMAINING, d.remaining());
        headers.put(X_RATELIMIT_RESET, resetSeconds);
    }

    /** Nanoseconds to whole seconds, rounded up (no overflow near {@code Long.MAX_VALUE}). */
    static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
    }

    /** An RFC 9651 sf-string: quoted, with {@code \} and {@code "} escaped, printable ASCII only. */
    static String sfString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append('?');
            }
        }
        return b.append('"').toString();
    }
}
