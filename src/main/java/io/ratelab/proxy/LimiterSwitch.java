package io.ratelab.proxy;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.redis.SharedLimiter;
import java.util.function.Function;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The live, swappable limiter of a running proxy: a volatile reference to an immutable {@link LimiterAssembly}.
 * Handlers read {@link #current()} once per request; {@link #apply} builds a whole new assembly first and then
 * publishes it with one volatile write, so algorithm, parameters and key rule change together and a bad
 * configuration never replaces a good one. Thread-safe; {@code apply} is serialized.
 */
public final class LimiterSwitch {

    private final ProxyMetrics metrics;
    private final long maxKeys;
    private final AtomicLong generations = new AtomicLong();
    private final Function<LimiterSpec, SharedLimiter> sharedLimits;
    private volatile LimiterAssembly current;

    LimiterSwitch(LimitSettings initial, long maxKeys, ProxyMetrics metrics) {
        this(initial, maxKeys, metrics, null);
    }

    /** A switch whose limiters live in Redis when {@code sharedLimits} is not null (it builds one per spec). */
    LimiterSwitch(LimitSettings initial, long maxKeys, ProxyMetrics metrics,
                  Function<LimiterSpec, SharedLimiter> sharedLimits) {
        this.metrics = metrics;
        this.sharedLimits = sharedLimits;
        this.maxKeys = maxKeys;
        apply(initial);
    }

    LimiterAssembly current() {
        return current;
    }

    /** The settings in force. */
    public LimitSettings settings() {
        return current.settings();
    }

    /**
     * Installs new settings. An unchanged limiter and key rule keep their per-key state (only headers, status or
     * trusted proxies changed); otherwise the new limiter starts with fresh state for every key.
     *
     * @throws IllegalArgumentException (or the core's {@code SpecException}) when the settings do not build; the old
     *                                  limiter stays in force and the refusal is counted
     */
    public synchronized void apply(LimitSettings settings) {
        LimiterAssembly next;
        try {
            next = new LimiterAssembly(settings, current, maxKeys, metrics, generations.incrementAndGet(),
                    sharedLimits);
        } catch (RuntimeException e) {
            metrics.configRefused();
            throw e;
        }
        current = next;
        metrics.configApplied(settings.limiter().name(), next::keysHeld);
    }

    /** Counts a configuration refused before it reached {@link #apply} (it did not parse). */
    void refused() {
        metrics.configRefused();
    }

    @Override
    public String toString() {
        return String.valueOf(current);
    }
}
