package io.ratelab.limit;

import java.time.Duration;

/**
 * A rate as nginx's {@code limit_req_zone ... rate=} spells and stores it: {@code N r/s} or {@code N r/m} with a
 * whole {@code N}, kept as integer milli-requests per second, {@code N * 1000 / scale} with C integer division
 * ({@code scale} 1 for r/s, 60 for r/m), so {@code 1r/m} is 16 (0.96 r/m) and {@code 30r/m} is 500.
 * Source: nginx/nginx {@code src/http/modules/ngx_http_limit_req_module.c}, {@code ngx_http_limit_req_zone()}.
 *
 * @param count          the {@code N} of the directive
 * @param perMinute      true for {@code r/m}, false for {@code r/s}
 * @param milliPerSecond what nginx stores in {@code ctx->rate}
 */
record NginxRate(long count, boolean perMinute, long milliPerSecond) {

    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long MINUTE_NANOS = 60 * SECOND_NANOS;

    /**
     * The nginx rate equal to {@code rate}: a rate per second or per minute is written as it is; another period is
     * converted when a whole {@code N r/s} or {@code N r/m} equals it ({@code 100/10s} is {@code 10r/s}).
     *
     * @throws SpecException for the {@code rate} field when nginx cannot express it ({@code 10/h})
     */
    static NginxRate of(Rate rate) {
        long periodNanos = rate.periodNanos();
        if (periodNanos == SECOND_NANOS) {
            return perSecond(rate.count(), rate);
        }
        if (periodNanos == MINUTE_NANOS) {
            return perMinute(rate.count(), rate);
        }
        Long perSecond = wholeCountOver(rate, Duration.ofSeconds(1));
        if (perSecond != null) {
            return perSecond(perSecond, rate);
        }
        Long perMinute = wholeCountOver(rate, Duration.ofMinutes(1));
        if (perMinute != null) {
            return perMinute(perMinute, rate);
        }
        throw new SpecException("rate", rate + " cannot be written as an nginx rate: nginx takes a whole number of"
                + " requests per second or per minute (N r/s or N r/m)");
    }

    /** The directive's value, e.g. {@code 10r/s}. */
    String directive() {
        return count + (perMinute ? "r/m" : "r/s");
    }

    private static NginxRate perSecond(long count, Rate rate) {
        return new NginxRate(count, false, milli(count, 1, rate));
    }

    private static NginxRate perMinute(long count, Rate rate) {
        return new NginxRate(count, true, milli(count, 60, rate));
    }

    private static long milli(long count, long scale, Rate rate) {
        if (count > Long.MAX_VALUE / 1000) {
            throw new SpecException("rate", rate + " is too large for nginx");
        }
        return count * 1000 / scale;
    }

    private static Long wholeCountOver(Rate rate, Duration window) {
        try {
            return rate.countOver(window);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
