package io.ratelab.proxy;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.proxy.upstream.TrustedProxies;
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
 * @param shadow         decide and count every request as usual but forward the would-be rejections too (false by
 *                       default); they are counted under {@code ratelab_proxy_shadow_rejected_total}
 * @param shadowHeader   in shadow mode, the response field that marks a would-be rejection with
 *                       {@code would-reject} (e.g. {@link #DEFAULT_SHADOW_HEADER}); null (the default) sends none
 */
public record LimitSettings(KeyRule key, LimiterSpec limiter, List<String> trustedProxies, Integer rejectStatus,
                            Boolean legacyHeaders, Boolean shadow, String shadowHeader) {

    /** The shadow field's usual name. */
    public static final String DEFAULT_SHADOW_HEADER = "X-RateLimit-Shadow";
    /** The shadow field's value on a would-be rejection. */
    public static final String WOULD_REJECT = "would-reject";

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
        shadow = shadow != null && shadow;
        shadowHeader = shadowHeader == null || shadowHeader.isBlank() ? null : shadowHeader.strip();
        if (shadowHeader != null && !shadowHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("shadowHeader: '" + shadowHeader + "' is not a header name (letters,"
                    + " digits and !#$%&'*+.^_`|~-), e.g. " + DEFAULT_SHADOW_HEADER);
        }
    }

    /** Settings without shadow mode (the form before it existed). */
    public LimitSettings(KeyRule key, LimiterSpec limiter, List<String> trustedProxies, Integer rejectStatus,
                         Boolean legacyHeaders) {
        this(key, limiter, trustedProxies, rejectStatus, legacyHeaders, null, null);
    }

    /** These settings in shadow mode ({@code on}) or enforcing, with the would-reject field {@code header} or none. */
    public LimitSettings withShadow(boolean on, String header) {
        return new LimitSettings(key, limiter, trustedProxies, rejectStatus, legacyHeaders, on, header);
    }

    /** Settings with the defaults around one limiter. */
    public static LimitSettings of(KeyRule key, LimiterSpec limiter) {
        return new LimitSettings(key, limiter, null, null, null);
    }
}
