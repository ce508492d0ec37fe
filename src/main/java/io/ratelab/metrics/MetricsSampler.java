package io.ratelab.metrics;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The single reader of a live {@link RunMetrics}: a daemon thread that calls {@link RunMetrics#sample} every
 * {@code intervalNanos} on {@code clock}. {@link #finish()} and {@link #stop()} stop it and take the final sample on
 * the calling thread (after the sampler thread has ended, so there is still exactly one reader at a time), once: the
 * partial interval since the last sample is counted exactly once, whichever of them comes first.
 *
 * <p>A sampler that could not run on time (the machine was busy, the JVM paused) takes one sample when it runs,
 * covering the whole gap, and then carries on at the next tick of its grid. It never runs the missed ticks back to
 * back, as a fixed-rate timer would: those samples would close intervals a few microseconds long, and a rate over
 * such an interval reads a handful of answers as thousands per second (issue 21: the live chart's spike of ~1.8k/s
 * in a 120 req/s run after a 2.5 s stall).
 */
public final class MetricsSampler {

    private final RunMetrics metrics;
    private final LongSupplier clock;
    private final ScheduledExecutorService executor;
    private final long startNanos;
    private final long intervalNanos;
    /** The first failure of a sample (e.g. a listener's), rethrown by {@link #finish()}; a failed task would stop. */
    private volatile RuntimeException failure;
    /** Whether the final sample has been taken (by {@link #finish()} or {@link #stop()}); the stopping thread's only. */
    private boolean finished;

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
        ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ratelab-metrics");
            t.setDaemon(true);
            return t;
        });
        // finish() and stop() drop the next pending sample rather than wait for it
        one.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = one;
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
        long firstDelay = Math.max(0, startNanos + intervalNanos - clock.getAsLong());
        executor.schedule(this::sampleOnce, firstDelay, TimeUnit.NANOSECONDS);
    }

    /**
     * The tick of the grid {@code startNanos + k * intervalNanos} at which a sampler that has just sampled at
     * {@code nowNanos} samples next, however late it ran: the first at least half an interval away, so that no
     * interval is shorter than that.
     */
    static long nextTickNanos(long startNanos, long intervalNanos, long nowNanos) {
        if (nowNanos < startNanos) {
            return startNanos + intervalNanos;
        }
        long next = startNanos + ((nowNanos - startNanos) / intervalNanos + 1) * intervalNanos;
        return next - nowNanos < intervalNanos / 2 ? next + intervalNanos : next;
    }

    /**
     * Stops sampling for a run that was cut short (interrupted, or closed on an error) and takes the final sample of
     * the partial interval since the last one, so that a run stopped in its first second still shows its counts and
     * latencies (issue 21). Takes no sample before the measured window began, nor a second one after
     * {@link #finish()} or an earlier {@code stop()}. Keeps the caller's interrupt status.
     */
    public void stop() {
        executor.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                        return;     // a sample hung (a listener): a second reader must not start beside it
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            long now = clock.getAsLong();
            if (!finished && now > startNanos && failure == null) {
                finished = true;
                metrics.finish(now);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops sampling and returns the final snapshot. Call once, before any {@link #stop()}. */
    public MetricsSnapshot finish() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the metrics sampler did not stop within 10 s");
        }
        finished = true;
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
            long now = clock.getAsLong();
            metrics.sample(now);
            long next = nextTickNanos(startNanos, intervalNanos, now);
            executor.schedule(this::sampleOnce, Math.max(0, next - clock.getAsLong()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // finish() or stop() shut the executor down meanwhile: no more samples
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
