package io.ratelab.redis;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The server-side Lua scripts, one per algorithm a Redis store can share: each is the same arithmetic as the
 * in-memory algorithm's javadoc states, run atomically inside Redis on one key.
 *
 * <p>Script arguments: {@code ARGV = [now, ticksPerMs, extraTtlMs, permits, p1, p2]}; {@code now} empty reads the
 * server's {@code TIME} (one tick = 1 µs), otherwise it is the caller's time in ticks (the test mode, where one tick is
 * 1 ns). {@code p1, p2} are the algorithm's parameters in ticks, from {@link #parameters}. The reply is
 * {@code [allowed 0|1, limit, remaining, retryAfterTicks (-1 = never), resetAfterTicks]}. Immutable.
 */
public enum RedisScript {
    TOKEN_BUCKET(Algorithm.TOKEN_BUCKET, "token-bucket.lua"),
    GCRA(Algorithm.GCRA, "gcra.lua"),
    FIXED_WINDOW(Algorithm.FIXED_WINDOW, "fixed-window.lua"),
    SLIDING_WINDOW(Algorithm.SLIDING_WINDOW, "sliding-window.lua");

    private static final Map<Algorithm, RedisScript> BY_ALGORITHM = new EnumMap<>(Algorithm.class);

    static {
        for (RedisScript s : values()) {
            BY_ALGORITHM.put(s.algorithm, s);
        }
    }

    private final Algorithm algorithm;
    private final String body;

    RedisScript(Algorithm algorithm, String resource) {
        this.algorithm = algorithm;
        this.body = read("common.lua") + "\n" + read(resource);
    }

    /**
     * The script for {@code algorithm}.
     *
     * @throws IllegalArgumentException naming the supported algorithms when it has none
     */
    public static RedisScript of(Algorithm algorithm) {
        RedisScript s = BY_ALGORITHM.get(algorithm);
        if (s == null) {
            throw new IllegalArgumentException("store: redis shares token-bucket, gcra, fixed-window and"
                    + " sliding-window limits; " + algorithm.id() + " runs only with store: local");
        }
        return s;
    }

    /** The Lua source (the shared prelude and the algorithm's body). */
    public String body() {
        return body;
    }

    /**
     * The two parameters of {@code spec} in ticks of {@code nanosPerTick}: for the buckets the emission interval
     * (rounded up, so the rate is never exceeded) and the capacity; for the windows the window (rounded up) and the
     * limit per window.
     */
    long[] parameters(LimiterSpec spec, long nanosPerTick) {
        return switch (this) {
            case TOKEN_BUCKET -> new long[]{ceil(spec.rate().intervalNanos(), nanosPerTick), spec.burstOr(0)};
            case GCRA -> new long[]{ceil(spec.rate().intervalNanos(), nanosPerTick), spec.burstOr(0) + 1};
            case FIXED_WINDOW, SLIDING_WINDOW -> new long[]{ceil(spec.windowOrRatePeriod().toNanos(), nanosPerTick),
                    spec.rate().countOver(spec.windowOrRatePeriod())};
        };
    }

    private static long ceil(long nanos, long nanosPerTick) {
        return (nanos + nanosPerTick - 1) / nanosPerTick;
    }

    private static String read(String resource) {
        try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("script resource " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
