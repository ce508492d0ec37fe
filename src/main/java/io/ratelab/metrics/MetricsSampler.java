package io.ratelab.metrics;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The single reader of a live {@link RunMetrics}: a daemon thread that calls {@link RunMetrics#sample} every
 * {@code intervalNanos} on {@code clock}. {@link #finish()} stops it and takes the final sample on the calling thread
 * (after the sampler thread has ended, so there is still exactly one reader at a time).
 */
public final class MetricsSampler {

    private final RunMetrics metrics;
    private final LongSupplier clock;
    private final ScheduledExecutorService executor;
    /** The first failure of a sample (e.g. a listener's), rethrown by {@link #finish()}; a failed task would stop. */
    private volatile RuntimeException failure;

    /** Starts sampling now. */
    public MetricsSampler(RunMetrics metrics, LongSupplier clock, long intervalNanos) {
        this(metrics, clock, intervalNanos, clock.getAsLong());
    }

    /**
     * Samples every {@code intervalNanos} from {@code startNanos} on (on {@code clock}), the first time at
     * {@code startNanos + intervalNanos}; a start in the future (after a warm-up) keeps the intervals aligned with it.
     */
    public MetricsSampler(RunMetrics metrics, LongSupplier clock, long intervalNanos, long startNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos must be positive, got " + intervalNanos);
        }
        this.metrics = metrics;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ratelab-metrics");
            t.setDaemon(true);
            return t;
        });
        long firstDelay = Math.max(0, startNanos + intervalNanos - clock.getAsLong());
        executor.scheduleAtFixedRate(this::sampleOnce, firstDelay, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops sampling without a final sample, for a run that was abandoned (interrupted); the newest published
     * snapshot stays. Idempotent; safe after {@link #finish()}.
     */
    public void stop() {
        executor.shutdownNow();
    }

    /** Stops sampling and returns the final snapshot. Call once. */
    public MetricsSnapshot finish() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the metrics sampler did not stop within 10 s");
        }
        MetricsSnapshot last = metrics.finish(clock.getAsLong());
        if (failure != null) {
            throw failure;
        }
        return last;
    }

    private void sampleOnce() {
        if (failure != null) {
            return;
        }
        try {
            metrics.sample(clock.getAsLong());
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
