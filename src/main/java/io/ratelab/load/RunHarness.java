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
 */
final class RunHarness implements AutoCloseable {

    static final LongSupplier CLOCK = System::nanoTime;
    private static final int COARSE_EVERY = 10;

    final long startNanos;
    final long endNanos;
    final RunMetrics metrics;
    final RunRecorder recorder;
    final HttpEngine engine;
    private final MetricsSampler sampler;
    private final LoadOptions options;

    /**
     * @param groups  the traffic groups' names
     * @param roster  the clients counted one by one, per group
     * @param clients the identities the engine sizes its connection pools for
     */
    RunHarness(List<HttpTarget> targets, List<String> groups, ClientRoster roster, List<Route> routes,
               List<ClientIdentity> clients, int connections, long durationNanos, long lateThresholdNanos,
               LoadOptions options, List<IntervalListener> listeners) throws IOException {
        this.options = options;
        RunRecorder[] holder = new RunRecorder[1];
        // the engine (threads, buffers) is built before the clock starts so that its start-up is not counted as lag
        this.engine = new HttpEngine(targets, routes, clients, options.ioThreads(), connections, options.maxWaiting(),
                new DeferredListener(holder), CLOCK);
        this.startNanos = CLOCK.getAsLong();
        this.endNanos = startNanos + durationNanos;
        this.metrics = new RunMetrics(groups, roster, startNanos, COARSE_EVERY);
        listeners.forEach(metrics::addIntervalListener);
        this.recorder = new RunRecorder(metrics, endNanos, lateThresholdNanos);
        holder[0] = recorder;
        this.sampler = new MetricsSampler(metrics, CLOCK, options.sampleNanos());
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
