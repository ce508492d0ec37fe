package io.ratelab.proxy;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;

import java.util.List;

/**
 * The part of the proxy's configuration that changes while traffic flows: what {@code PUT /config} accepts,
 * {@code GET /config} returns and a {@code --watch} reload swaps in. Absent values take their defaults, so a
 * {@code PUT} replaces the whole set.
 *
 * @param key            the key rule ({@code ip} by default)
 * @param limiter        the limiter, required
 * @param trustedProxies CIDR blocks whose {@code X-Forwarded-For} is believed (none by default)
 * @param rejectStatus   the status of a rejection, 400-599 (429 by default)
 * @param legacyHeaders  also send {@code X-RateLimit-Limit/Remaining/Reset} (false by default)
 */
public record LimitSettings(KeyRule key, LimiterSpec limiter, List<String> trustedProxies, Integer rejectStatus,
                            Boolean legacyHeaders) {

    public LimitSettings {
        if (limiter == null) {
            throw new IllegalArgumentException("limiter: is required, e.g. {algorithm: token-bucket, rate: 100/s,"
                    + " burst: 50}");
        }
        key = key == null ? KeyRule.IP : key;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        TrustedProxies.parse(trustedProxies);
        rejectStatus = rejectStatus == null ? 429 : rejectStatus;
        if (rejectStatus < 400 || rejectStatus > 599) {
            throw new IllegalArgumentException("rejectStatus: must be 400-599, got " + rejectStatus);
        }
        legacyHeaders = legacyHeaders != null && legacyHeaders;
    }

    /** Settings with the defaults around one limiter. */
    public static LimitSettings of(KeyRule key, LimiterSpec limiter) {
        return new LimitSettings(key, limiter, null, null, null);
    }
}
