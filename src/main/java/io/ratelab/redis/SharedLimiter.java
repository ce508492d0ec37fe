package io.ratelab.redis;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.limit.RateLimiter;
import io.ratelab.limit.store.KeyedLimiter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

/**
 * One limit shared by every proxy that uses the same Redis: each decision runs the algorithm's script atomically on
 * the key {@code ratelab:{name}:{fingerprint}:{client key}} and completes asynchronously, so a caller's thread never
 * waits. The fingerprint is a CRC-32 of the script and its parameters: replicas with the same spec share state, a
 * changed spec starts fresh. Every write sets a TTL of the key's reset-after plus a second, so idle keys vanish.
 *
 * <p>Time: in {@link Clock#SERVER} mode the script reads Redis's own {@code TIME} (one tick = 1 µs; intervals and
 * windows are rounded up to whole microseconds), so the replicas' clocks never matter, only the one server's. In
 * {@link Clock#CALLER} mode (tests, the simulator) the caller's {@code nowNanos} is passed in and one tick is 1 ns,
 * which makes the decisions identical to the in-memory algorithm's.
 *
 * <p>When the store fails or does not answer within its command timeout, the {@link FailurePolicy} decides: admit,
 * reject ({@code Retry-After} 1 s), or a local limiter at {@code rate/N} for {@code N} replicas; and until a probe
 * answers, it decides every request at once without calling Redis (the breaker in {@link StoreHealth}). Thread-safe.
 */
public final class SharedLimiter {

    /** Where a decision's time comes from. */
    public enum Clock {
        /** Redis's {@code TIME}, microseconds. */
        SERVER,
        /** The caller's {@code nowNanos}, nanoseconds (deterministic; tests and simulation). */
        CALLER
    }

    private static final long FAIL_CLOSED_RETRY_NANOS = 1_000_000_000L;

    private final RedisStore store;
    private final RedisScript script;
    private final Clock clock;
    private final long nanosPerTick;
    private final String[] fixedArgs;
    private final String prefix;
    private final long limit;
    private final FailurePolicy policy;
    private final RateLimiter fallback;

    /**
     * A shared limit for {@code spec} on {@code store}.
     *
     * @param replicas how many proxies share the limit; the local fallback runs at {@code rate/replicas}
     * @throws IllegalArgumentException when the algorithm has no script or {@code replicas < 1}
     */
    public SharedLimiter(RedisStore store, LimiterSpec spec, Clock clock, FailurePolicy policy, int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas: must be at least 1, got " + replicas);
        }
        this.store = store;
        this.script = RedisScript.of(spec.algorithm());
        this.clock = clock;
        this.nanosPerTick = clock == Clock.SERVER ? 1_000 : 1;
        long[] p = script.parameters(spec, nanosPerTick);
        long ticksPerMs = 1_000_000 / nanosPerTick;
        long extraTtlMs = clock == Clock.SERVER ? 1_000 : 600_000;
        this.fixedArgs = new String[]{Long.toString(ticksPerMs), Long.toString(extraTtlMs), Long.toString(p[0]),
                Long.toString(p[1])};
        this.limit = p[1];
        this.prefix = "ratelab:" + spec.name() + ":" + fingerprint(script, p, clock) + ":";
        this.policy = policy;
        this.fallback = KeyedLimiter.builder(localShare(spec, replicas).build()).build();
    }

    /**
     * Decides one request for {@code key}. The stage completes on a Redis client thread, never exceptionally: a
     * failed call is decided by the failure policy.
     *
     * @param nowNanos the caller's monotonic time: sent to Redis in {@link Clock#CALLER} mode, used by the local
     *                 fallback in either mode
     */
    public CompletionStage<Decision> tryAcquire(String key, long nowNanos) {
        StoreHealth health = store.health();
        if (!health.admitsCalls()) {
            // judged down: the policy decides now, without waiting on Redis; a probe goes out when one is due
            store.probeIfDue();
            health.fellBack();
            return CompletableFuture.completedFuture(failureDecision(key, nowNanos));
        }
        String[] argv = new String[6];
        argv[0] = clock == Clock.CALLER ? Long.toString(nowNanos) : "";
        argv[1] = fixedArgs[0];
        argv[2] = fixedArgs[1];
        argv[3] = "1";
        argv[4] = fixedArgs[2];
        argv[5] = fixedArgs[3];
        return store.run(script, prefix + key, argv).handle((reply, error) -> {
            if (error == null) {
                health.succeeded();
                return decision(reply);
            }
            health.failed(error, policy);
            health.fellBack();
            return failureDecision(key, nowNanos);
        });
    }

    /** The policy in force when the store fails. */
    public FailurePolicy policy() {
        return policy;
    }

    /** The store this limit lives in. */
    public RedisStore store() {
        return store;
    }

    /** The Redis key prefix of this limit ({@code ratelab:{name}:{fingerprint}:}). */
    public String keyPrefix() {
        return prefix;
    }

    private Decision decision(List<Long> r) {
        long reset = r.get(4) * nanosPerTick;
        if (r.get(0) == 1) {
            return Decision.allowed(r.get(1), r.get(2), reset);
        }
        long retry = r.get(3) < 0 ? Decision.NEVER_NANOS : r.get(3) * nanosPerTick;
        return Decision.rejected(r.get(1), retry, reset);
    }

    private Decision failureDecision(String key, long nowNanos) {
        return switch (policy) {
            case OPEN -> Decision.allowed(limit, 0, 0);
            case CLOSED -> Decision.rejected(limit, FAIL_CLOSED_RETRY_NANOS, FAIL_CLOSED_RETRY_NANOS);
            case LOCAL -> fallback.tryAcquire(key, nowNanos);
        };
    }

    /**
     * The spec one of {@code n} replicas enforces alone: buckets at {@code rate/n} with {@code ceil(burst/n)}
     * (GCRA: {@code ceil((burst+1)/n) - 1}); windows at {@code floor(limit/n)} per window, at least 1.
     */
    static LimiterSpec localShare(LimiterSpec spec, int n) {
        Rate rate = spec.rate();
        return switch (spec.algorithm()) {
            case TOKEN_BUCKET -> with(spec, new Rate(rate.count(), rate.period().multipliedBy(n)),
                    Math.max(1, ceilDiv(spec.burstOr(0), n)), null);
            case GCRA -> with(spec, new Rate(rate.count(), rate.period().multipliedBy(n)),
                    Math.max(0, ceilDiv(spec.burstOr(0) + 1, n) - 1), null);
            default -> with(spec, new Rate(Math.max(1, rate.countOver(spec.windowOrRatePeriod()) / n),
                    spec.windowOrRatePeriod()), null, spec.windowOrRatePeriod());
        };
    }

    private static LimiterSpec with(LimiterSpec s, Rate rate, Long burst, java.time.Duration window) {
        return LimiterSpec.builder(s.algorithm()).name(s.name()).rate(rate).burst(burst).window(window).build();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static String fingerprint(RedisScript script, long[] p, Clock clock) {
        CRC32 crc = new CRC32();
        crc.update((script + "/" + p[0] + "/" + p[1] + "/" + clock).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    @Override
    public String toString() {
        return "shared " + script.name().toLowerCase().replace('_', '-') + " on " + store + " (failure: "
                + policy.id() + ")";
    }
}
