package io.ratelab.scenario;

import io.ratelab.traffic.RetryPolicy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a traffic group does after a 429, e.g. {@code {policy: backoff, base: 100ms, max: 10s, jitter: full}}.
 * <ul>
 *   <li>{@code none} (the default);</li>
 *   <li>{@code immediate}: resend after {@code delay} (default 0ms);</li>
 *   <li>{@code backoff}: wait {@code min(max, base·2ⁿ)} after the n-th rejection (base 100ms, max 10s), randomised
 *       by {@code jitter}: full (default), equal or none;</li>
 *   <li>{@code retry-after}: resend when {@code Retry-After} says (whole seconds), else after {@code fallback}
 *       (default 1s).</li>
 * </ul>
 * {@code maxAttempts} (default 3) bounds the sends of one request, the first included. See {@link RetryPolicy}.
 */
public record RetrySpec(String policy, Integer maxAttempts, Duration delay, Duration base, Duration max, String jitter,
                        Duration fallback) {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "none", Set.of(),
            "immediate", Set.of("maxAttempts", "delay"),
            "backoff", Set.of("maxAttempts", "base", "max", "jitter"),
            "retry-after", Set.of("maxAttempts", "fallback"));

    public RetrySpec {
        if (policy == null || !KEYS.containsKey(policy)) {
            throw new IllegalArgumentException("policy: " + (policy == null ? "is required" : "unknown '" + policy
                    + "'") + "; one of: none, immediate, backoff, retry-after");
        }
        Object[] values = {maxAttempts, delay, base, max, jitter, fallback};
        String[] keys = {"maxAttempts", "delay", "base", "max", "jitter", "fallback"};
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && !KEYS.get(policy).contains(keys[i])) {
                throw new IllegalArgumentException(keys[i] + ": does not apply to policy " + policy
                        + (KEYS.get(policy).isEmpty() ? "" : "; it takes " + String.join(", ",
                        KEYS.get(policy).stream().sorted().toList())));
            }
        }
        build(policy, maxAttempts, delay, base, max, jitter, fallback);
    }

    /** The policy names: none, immediate, backoff, retry-after. */
    public static List<String> policies() {
        return List.of("none", "immediate", "backoff", "retry-after");
    }

    /** The optional keys a policy takes (for editors such as the workbench's traffic panel). */
    public static Set<String> keysOf(String policy) {
        Set<String> keys = KEYS.get(policy);
        if (keys == null) {
            throw new IllegalArgumentException("policy: unknown '" + policy + "'; one of: none, immediate, backoff,"
                    + " retry-after");
        }
        return keys;
    }

    /** The policy this spec describes. */
    public RetryPolicy toPolicy() {
        return build(policy, maxAttempts, delay, base, max, jitter, fallback);
    }

    private static RetryPolicy build(String policy, Integer maxAttempts, Duration delay, Duration base, Duration max,
                                     String jitter, Duration fallback) {
        int attempts = maxAttempts == null ? 3 : maxAttempts;
        switch (policy) {
            case "immediate":
                return RetryPolicy.immediate(attempts, delay == null ? 0 : delay.toNanos());
            case "backoff":
                return RetryPolicy.backoff(attempts, base == null ? 100_000_000L : base.toNanos(),
                        max == null ? 10_000_000_000L : max.toNanos(), jitterMode(jitter));
            case "retry-after":
                return RetryPolicy.retryAfter(attempts, fallback == null ? 1_000_000_000L : fallback.toNanos());
            default:
                return RetryPolicy.none();
        }
    }

    private static RetryPolicy.Jitter jitterMode(String jitter) {
        if (jitter == null) {
            return RetryPolicy.Jitter.FULL;
        }
        return Arrays.stream(RetryPolicy.Jitter.values()).filter(j -> j.id().equals(jitter.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("jitter: unknown '" + jitter
                        + "'; one of: full, equal, none"));
    }
}
