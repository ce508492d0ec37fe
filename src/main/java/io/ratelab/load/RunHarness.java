package io.ratelab.load;

import io.ratelab.metrics.ClientRoster;
import io.ratelab.metrics.IntervalListener;
import io.ratelab.metrics.MetricsSampler;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.RunMetrics;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What open and closed loop share: the run clock, metrics with their sampler, the recorder and the HTTP engine,
 * started together and torn down in order (wait for the last answers, take the final sample, close connections).
 * Used by one driving thread.
 *
 * <p>Start-up, in order: the engine (threads, buffers); its connections, opened ahead of the first attempts (TCP
 * only, at most {@link #PRECONNECT_TIMEOUT_NANOS}); then the clock starts. With a warm-up the clock starts at
 * {@link #warmupStartNanos} and the measured window follows seamlessly at {@link #startNanos} on the same engine,
 * connections and schedule; metrics, and so intervals, progress lines and histograms, begin at {@link #startNanos}.
 */
final class RunHarness implements AutoCloseable {

    static final LongSupplier CLOCK = System::nanoTime;
    /** The longest wait for connections opened ahead of the run (a dead or slow target must not hold it up). */
    static final long PRECONNECT_TIMEOUT_NANOS = 2_000_000_000L;
    private static final int COARSE_EVERY = 10;

    /** When the warm-up begins; equals {@link #startNanos} without one. */
    final long warmupStartNanos;
    /** When the measured window begins. */
    final long startNanos;
    final long endNanos;
    final RunMetrics metrics;
    /** Where warm-up attempts are recorded, by the same code as the window's; never read (see {@link RunRecorder}). */
    final RunMetrics warmupMetrics;
    final RunRecorder recorder;
    final HttpEngine engine;
    private final MetricsSampler sampler;
    private final LoadOptions options;

    /**
     * @param groups        the traffic groups' names
     * @param roster        the clients counted one by one, per group
     * @param clients       the identities the engine sizes its connection pools for
     * @param firstAttempts the run's first attempts (or one per user), for {@link HttpEngine#preconnect}: only their
     *                      identities, groups and clients matter
     * @param warmupNanos   how long the same load runs, uncounted, before the window (0: none)
     */
    RunHarness(List<HttpTarget> targets, List<String> groups, ClientRoster roster, List<Route> routes,
               List<ClientIdentity> clients, int connections, List<Attempt> firstAttempts, long warmupNanos,
               long durationNanos, long lateThresholdNanos, LoadOptions options, List<IntervalListener> listeners)
            throws IOException, InterruptedException {
        if (warmupNanos < 0) {
            throw new IllegalArgumentException("warm-up must not be negative, got " + warmupNanos + " ns");
        }
        this.options = options;
        RunRecorder[] holder = new RunRecorder[1];
        // the engine (threads, buffers, connections) is ready before the clock starts, so that its start-up is not
        // counted as lag
        this.engine = new HttpEngine(targets, routes, clients, options.ioThreads(), connections,
                options.openBound().connections(), options.maxWaiting(), new DeferredListener(holder), CLOCK);
        try {
            engine.preconnect(firstAttempts, PRECONNECT_TIMEOUT_NANOS);
        } catch (InterruptedException e) {
            engine.close();
            throw e;
        }
        this.warmupStartNanos = CLOCK.getAsLong();
        this.startNanos = warmupStartNanos + warmupNanos;
        this.endNanos = startNanos + durationNanos;
        this.metrics = new RunMetrics(groups, roster, startNanos, COARSE_EVERY);
        listeners.forEach(metrics::addIntervalListener);
        this.warmupMetrics = new RunMetrics(groups, roster, warmupStartNanos, COARSE_EVERY);
        this.recorder = new RunRecorder(metrics, warmupMetrics, endNanos, lateThresholdNanos);
        holder[0] = recorder;
        this.sampler = new MetricsSampler(metrics, CLOCK, options.sampleNanos(), startNanos);
    }

    /** Whether an attempt meant to leave at {@code intendedNanos} belongs to the warm-up. */
    boolean inWarmup(long intendedNanos) {
        return intendedNanos < startNanos;
    }

    /** Parks (never spins) until the run clock reaches {@code deadlineNanos}; false if interrupted. */
    static boolean waitUntil(long deadlineNanos) {
        long now;
        while ((now = CLOCK.getAsLong()) < deadlineNanos) {
            LockSupport.parkNanos(deadlineNanos - now);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Declares that nothing new starts, waits up to the drain timeout for the last answers, and takes the final
     * sample. Returns the number of logical requests (or users) still unfinished.
     */
    long drain() throws InterruptedException {
        recorder.closeSubmissions();
        try {
            recorder.drained().get(options.drainTimeoutNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // reported as unfinished
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run failed", e.getCause());
        }
        return recorder.inFlight();
    }

    /**
     * Ends the run: stops counting, closes every connection (so that attempts still waiting for one are never sent),
     * and takes the final sample.
     */
    MetricsSnapshot finish() throws InterruptedException {
        recorder.seal();
        engine.close();
        return sampler.finish();
    }

    /** Closes the engine if {@link #finish} did not (an exception cut the run short). Idempotent. */
    @Override
    public void close() {
        // an interrupted run never reaches finish(); its sampler thread must not outlive the run
        sampler.stop();
        engine.close();
    }

    /** Forwards to the recorder, which is created after the engine (it needs the start time). */
    private record DeferredListener(RunRecorder[] holder) implements AttemptListener {
        @Override
        public void sent(Attempt attempt, long sendNanos) {
            holder[0].sent(attempt, sendNanos);
        }

        @Override
        public void answered(Attempt attempt, int status, String retryAfter, long endNanos) {
            holder[0].answered(attempt, status, retryAfter, endNanos);
        }

        @Override
        public void failed(Attempt attempt, IOException cause, long endNanos) {
            holder[0].failed(attempt, cause, endNanos);
        }

        @Override
        public void dropped(Attempt attempt) {
            holder[0].dropped(attempt);
        }
    }
}
