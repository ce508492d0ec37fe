package io.ratelab.load;

import io.ratelab.metrics.RunMetrics;

import java.util.function.LongSupplier;

/**
 * The clock of proxies placed in front of one {@link OpenLoopGenerator}: it reads 0 when the generator's run clock
 * starts, as the simulator's virtual time does, so fixed windows (and anything else aligned to time 0) fall where the
 * simulation has them. Before the generator has started (its {@link OpenLoopGenerator#metrics() metrics} exist from
 * then) it counts from this clock's creation; no request reaches a proxy before that, as the generator only pre-opens
 * connections. {@code ratelab run} and the workbench's live session both use it, so they cannot drift apart.
 * <pre>{@code
 * GeneratorClock clock = new GeneratorClock();
 * LimitingProxy proxy = LimitingProxy.start(config, clock);
 * OpenLoopGenerator g = new OpenLoopGenerator(target, plan, keys, options);
 * clock.follow(g);          // before g.run()
 * }</pre>
 * Thread-safe: proxies read it from their IO threads.
 */
public final class GeneratorClock implements LongSupplier {

    private final long createdNanos = System.nanoTime();
    private volatile OpenLoopGenerator generator;

    /** From now on reads the time since {@code g}'s run clock started, once it has. */
    public void follow(OpenLoopGenerator g) {
        generator = g;
    }

    @Override
    public long getAsLong() {
        OpenLoopGenerator g = generator;
        RunMetrics m = g == null ? null : g.metrics();
        return System.nanoTime() - (m == null ? createdNanos : m.startNanos());
    }
}
