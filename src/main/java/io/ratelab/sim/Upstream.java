package io.ratelab.sim;

import io.ratelab.scenario.ServiceTimeSampler;
import io.ratelab.scenario.UpstreamSpec;

import java.util.SplittableRandom;

/**
 * The upstream as a FIFO queue in front of {@code c} identical servers (G/G/c), as {@link UpstreamSpec} states it: a
 * request reaching it at time {@code a} starts at {@code s = max(a, earliest free server)} and completes at
 * {@code s + service}. Requests must be {@linkplain #serve offered} in non-decreasing arrival time, which makes taking
 * the earliest-free server exactly first-come first-served (and start times non-decreasing). With a
 * {@code queueLimit}, a request that finds every server busy and that many already waiting (accepted requests whose
 * start lies after {@code a}) is refused at once: a 503, never served. Of the served, {@code errorRate} fail (500).
 * Draws: per served request one service time, then (with an error rate) one uniform, from one generator seeded with
 * the scenario's seed — the draws the live demo upstream makes in the same order. Without a spec, the upstream answers
 * at once (infinite servers, zero service).
 *
 * <p>Utilisation is busy server-time within {@code [0, T)} over {@code c·T}. Not thread-safe.
 */
final class Upstream {

    /** How the last request {@linkplain #serve served} was answered. */
    enum Answer { OK, FAILED, REFUSED }

    private final long[] freeAt;
    private final ServiceTimeSampler serviceTimes;
    private final double errorRate;
    private final SplittableRandom random;
    private final long durationNanos;
    private final int queueLimit;
    /** Start times of accepted requests, oldest first, those after the newest arrival (the queue); with a limit. */
    private long[] waiting = new long[16];
    private int waitingHead;
    private int waitingSize;
    private Answer last = Answer.OK;
    private double busyNanos;
    private long errors;
    private long refused;
    private long served;
    private long queuedNanosTotal;

    Upstream(UpstreamSpec spec, long seed, long durationNanos) {
        this.durationNanos = durationNanos;
        this.random = ServiceTimeSampler.randomFor(seed);
        if (spec == null) {
            freeAt = null;
            serviceTimes = null;
            errorRate = 0;
            queueLimit = -1;
        } else {
            freeAt = new long[spec.concurrency()];
            serviceTimes = new ServiceTimeSampler(spec.serviceTime(), random);
            errorRate = spec.errorRateOrZero();
            queueLimit = spec.queueLimitOrUnbounded();
        }
    }

    /**
     * Serves a request arriving at {@code arrivalNanos}; returns its completion time ({@code arrivalNanos} when
     * refused). {@link #lastAnswer()} tells how it was answered.
     */
    long serve(long arrivalNanos) {
        if (freeAt == null) {
            served++;
            last = Answer.OK;
            return arrivalNanos;
        }
        if (queueLimit >= 0 && queueFull(arrivalNanos) && freeAt[0] > arrivalNanos) {
            refused++;
            last = Answer.REFUSED;
            return arrivalNanos;
        }
        served++;
        long start = Math.max(arrivalNanos, freeAt[0]);
        long done = start + serviceTimes.next();
        queuedNanosTotal += start - arrivalNanos;
        busyNanos += Math.max(0, Math.min(done, durationNanos) - Math.min(start, durationNanos));
        last = Answer.OK;
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            errors++;
            last = Answer.FAILED;
        }
        if (queueLimit >= 0 && start > arrivalNanos) {
            enqueue(start);
        }
        siftDown(done);
        return done;
    }

    /** How the request last {@linkplain #serve served} was answered. */
    Answer lastAnswer() {
        return last;
    }

    /** Drops the waiting requests that have started by {@code nowNanos}; true if {@code queueLimit} still wait. */
    private boolean queueFull(long nowNanos) {
        while (waitingSize > 0 && waiting[waitingHead] <= nowNanos) {
            waitingHead = (waitingHead + 1) % waiting.length;
            waitingSize--;
        }
        return waitingSize >= queueLimit;
    }

    private void enqueue(long startNanos) {
        if (waitingSize == waiting.length) {
            long[] grown = new long[waiting.length * 2];
            for (int i = 0; i < waitingSize; i++) {
                grown[i] = waiting[(waitingHead + i) % waiting.length];
            }
            waiting = grown;
            waitingHead = 0;
        }
        waiting[(waitingHead + waitingSize) % waiting.length] = startNanos;
        waitingSize++;
    }

    /** Requests refused because the queue was full (503). */
    long refused() {
        return refused;
    }

    /** The share of server capacity busy during the run, 0..1; 0 for an instant upstream. */
    double utilisation() {
        return freeAt == null ? 0 : busyNanos / ((double) freeAt.length * durationNanos);
    }

    /** Requests that failed upstream (the error rate). */
    long errors() {
        return errors;
    }

    /** Requests served (refused ones not included). */
    long served() {
        return served;
    }

    /** Mean wait in the upstream queue before service, nanos. */
    double meanQueueNanos() {
        return served == 0 ? 0 : (double) queuedNanosTotal / served;
    }

    /** Replaces the earliest free time (the heap's root) by {@code value} and restores the min-heap. */
    private void siftDown(long value) {
        long[] h = freeAt;
        int n = h.length;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && h[child + 1] < h[child]) {
                child++;
            }
            if (h[child] >= value) {
                break;
            }
            h[i] = h[child];
            i = child;
        }
        h[i] = value;
    }
}
