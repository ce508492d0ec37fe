package io.ratelab.limit;

import java.time.Duration;

/**
 * The {@code token_bucket} of an Envoy {@code local_ratelimit} filter ({@code max_tokens}, {@code tokens_per_fill},
 * {@code fill_interval}) derived from a spec: {@code max_tokens = burst}, {@code fill_interval = fillInterval}
 * (default 1 s, or the rate's own period when the rate does not give whole tokens per second, e.g. {@code 1/m}),
 * {@code tokens_per_fill = rate x fill_interval}, which must be whole. Checks Envoy's own limits: fill_interval whole
 * milliseconds (Envoy reads it as ms) and at least 50 ms, max_tokens at least 1, both counts 32-bit.
 *
 * @param maxTokens         {@code max_tokens}
 * @param tokensPerFill     {@code tokens_per_fill}
 * @param fillIntervalNanos {@code fill_interval}
 */
record EnvoyTokenBucket(long maxTokens, long tokensPerFill, long fillIntervalNanos) {

    /** Envoy's message when the fill interval is too short (local_ratelimit_impl.cc). */
    static final String FILL_TIMER_MESSAGE = "local rate limit token bucket fill timer must be >= 50ms";

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final long NANOS_PER_MS = 1_000_000L;

    static EnvoyTokenBucket of(LimiterSpec spec) {
        long maxTokens = spec.burstOr(0);
        if (maxTokens < 1 || maxTokens > MAX_UINT32) {
            throw new SpecException("burst", "is Envoy's max_tokens and must be from 1 to " + MAX_UINT32 + ", got "
                    + maxTokens);
        }
        Duration fillInterval = fillInterval(spec);
        long nanos = fillInterval.toNanos();
        if (nanos % NANOS_PER_MS != 0) {
            throw new SpecException("fillInterval", "Envoy takes whole milliseconds, got "
                    + Durations.format(fillInterval));
        }
        if (nanos < 50 * NANOS_PER_MS) {
            throw new SpecException("fillInterval", FILL_TIMER_MESSAGE + ", got " + Durations.format(fillInterval));
        }
        long tokensPerFill;
        try {
            tokensPerFill = spec.rate().countOver(fillInterval);
        } catch (IllegalArgumentException e) {
            throw new SpecException("fillInterval", "tokens_per_fill = rate x fillInterval must be whole: "
                    + e.getMessage());
        }
        if (tokensPerFill > MAX_UINT32) {
            throw new SpecException("rate", "tokens_per_fill " + tokensPerFill + " exceeds Envoy's 32-bit field");
        }
        return new EnvoyTokenBucket(maxTokens, tokensPerFill, nanos);
    }

    private static Duration fillInterval(LimiterSpec spec) {
        if (spec.fillInterval() != null) {
            return spec.fillInterval();
        }
        Duration second = Duration.ofSeconds(1);
        try {
            spec.rate().countOver(second);
            return second;
        } catch (IllegalArgumentException e) {
            return spec.rate().period();
        }
    }

    /** Nanoseconds an empty bucket takes to fill up, rounded up. */
    long fullSpanNanos() {
        return Math.multiplyExact(maxTokens, fillIntervalNanos) / tokensPerFill
                + (Math.multiplyExact(maxTokens, fillIntervalNanos) % tokensPerFill == 0 ? 0 : 1);
    }

    /** The directive-like summary used by {@code toString}. */
    String describe() {
        return "max_tokens=" + maxTokens + ", tokens_per_fill=" + tokensPerFill + ", fill_interval="
                + Durations.format(Duration.ofNanos(fillIntervalNanos));
    }
}
