package io.ratelab.load;

import io.ratelab.metrics.CountedColumn;
import io.ratelab.metrics.RunMetrics;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The generator's {@link AttemptListener}: counts every attempt into {@link RunMetrics} (per group, and per client:
 * first attempts as offered, 2xx and 429 answers as admitted and rejected), records latency corrected
 * (from the attempt's intended send time) and raw (from its actual send), and the corrected one by answer (admitted,
 * rejected, error — a connection error's until it was seen), flags late sends, and keeps track of
 * what is still in flight so that the run can wait for the last responses.
 *
 * <p><b>Late</b>: an attempt that leaves more than {@code lateThresholdNanos} (1 ms by default) after its intended
 * time — because the scheduler fell behind, or because every pooled connection was busy and it had to wait.
 *
 * <p><b>Warm-up</b> attempts ({@link Attempt#warmup}) are sent, answered and retried like the others and keep the run
 * in flight until they end, but nothing about them reaches the metrics, the late count or the window's counts; only
 * {@link #warmupSent()} counts them. They are recorded, by the very same code, into a shadow {@link RunMetrics} that
 * nobody reads: so the JIT compiles the recording path during the warm-up, and no branch that was never taken
 * (a deoptimisation on the hot path) waits for the window's first requests.
 *
 * <p>Thread-safety: callbacks come from IO threads concurrently; all state is atomic or in {@link RunMetrics}.
 */
final class RunRecorder implements AttemptListener {

    private final RunMetrics metrics;
    private final RunMetrics warmupMetrics;
    private final long windowEndNanos;
    private final long lateThresholdNanos;
    private final LongAdder sentInWindow = new LongAdder();
    private final LongAdder warmupSent = new LongAdder();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean submissionsClosed;
    /** Set when the run is over (drained or timed out): later callbacks, e.g. from closing connections, count nothing. */
    private volatile boolean sealed;
    private volatile FollowUp followUp = FollowUp.NONE;

    /** @param warmupMetrics where warm-up attempts are recorded (never read); {@code metrics} itself is not allowed */
    RunRecorder(RunMetrics metrics, RunMetrics warmupMetrics, long windowEndNanos, long lateThresholdNanos) {
        if (warmupMetrics == metrics) {
            throw new IllegalArgumentException("warm-up attempts need metrics of their own");
        }
        this.metrics = metrics;
        this.warmupMetrics = warmupMetrics;
        this.windowEndNanos = windowEndNanos;
        this.lateThresholdNanos = lateThresholdNanos;
    }

    void setFollowUp(FollowUp followUp) {
        this.followUp = followUp;
    }

    /** Call before handing a new logical request (or user) to the engine. */
    void started() {
        inFlight.incrementAndGet();
    }

    /** No new logical requests will start; {@link #drained()} completes once the last one ends. */
    void closeSubmissions() {
        submissionsClosed = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    long inFlight() {
        return inFlight.get();
    }

    /** First attempts (not retries) that left inside the window. */
    long sentInWindow() {
        return sentInWindow.sum();
    }

    /** Warm-up attempts (first attempts and retries) that left. */
    long warmupSent() {
        return warmupSent.sum();
    }

    long maxLagNanos() {
        return maxLagNanos.get();
    }

    /** Stops counting: what happens after this (closing connections) is not part of the run. */
    void seal() {
        sealed = true;
    }

    @Override
    public void sent(Attempt attempt, long sendNanos) {
        if (sealed) {
            return;
        }
        RunMetrics m = metricsOf(attempt);
        m.count(attempt.group, CountedColumn.SENT);
        if (attempt.number > 0) {
            m.count(attempt.group, CountedColumn.RETRY);
        }
        long lag = sendNanos - attempt.intendedNanos;
        if (lag > lateThresholdNanos) {
            m.count(attempt.group, CountedColumn.LATE);
        }
        if (!attempt.warmup) {
            long max = maxLagNanos.get();
            while (lag > max && !maxLagNanos.compareAndSet(max, lag)) {
                max = maxLagNanos.get();
            }
        }
        if (attempt.number == 0) {
            m.countClientOffered(attempt.group, attempt.client);
        }
        if (attempt.warmup) {
            warmupSent.increment();
        } else if (attempt.number == 0 && sendNanos < windowEndNanos) {
            sentInWindow.increment();
        }
    }

    @Override
    public void answered(Attempt attempt, int status, String retryAfter, long endNanos) {
        if (sealed) {
            return;
        }
        RunMetrics m = metricsOf(attempt);
        CountedColumn outcome = CountedColumn.ofStatus(status);
        m.count(attempt.group, outcome);
        if (outcome == CountedColumn.STATUS_4XX || outcome == CountedColumn.STATUS_5XX
                || outcome == CountedColumn.STATUS_OTHER) {
            m.countError(ErrorCause.ofStatus(status));
        }
        m.countClientAnswer(attempt.group, attempt.client, outcome);
        m.recordLatency(attempt.group, outcome, endNanos - attempt.intendedNanos, endNanos - attempt.sendNanos);
        ended(attempt, status, retryAfter, endNanos);
    }

    @Override
    public void failed(Attempt attempt, IOException cause, long endNanos) {
        if (sealed) {
            return;
        }
        RunMetrics m = metricsOf(attempt);
        m.count(attempt.group, CountedColumn.CONNECTION_ERROR);
        m.countError(ErrorCause.of(cause));
        m.recordOutcomeLatency(attempt.group, CountedColumn.CONNECTION_ERROR, endNanos - attempt.intendedNanos);
        ended(attempt, FollowUp.CONNECTION_ERROR, null, endNanos);
    }

    @Override
    public void dropped(Attempt attempt) {
        if (sealed) {
            return;
        }
        metricsOf(attempt).count(attempt.group, CountedColumn.DROPPED);
        ended(attempt, FollowUp.DROPPED, null, 0);
    }

    private RunMetrics metricsOf(Attempt attempt) {
        return attempt.warmup ? warmupMetrics : metrics;
    }

    /** A logical request (or user) is over: nothing more follows from it. Any thread. */
    void endLogical() {
        if (inFlight.decrementAndGet() == 0 && submissionsClosed) {
            drained.complete(null);
        }
    }

    private void ended(Attempt attempt, int status, String retryAfter, long endNanos) {
        if (!followUp.after(attempt, status, retryAfter, endNanos)) {
            endLogical();
        }
    }
}
