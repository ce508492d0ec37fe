package io.ratelab.sim;

import io.ratelab.scenario.UpstreamSpec;

import java.util.SplittableRandom;

/**
 * The upstream as a FIFO queue in front of {@code c} identical servers (G/G/c): a request reaching it at time
 * {@code a} starts at {@code s = max(a, earliest free server)} and completes at {@code s + service}. Requests must be
 * {@linkplain #serve offered} in non-decreasing arrival time, which makes taking the earliest-free server exactly
 * first-come first-served. Without a spec, the upstream answers at once (infinite servers, zero service).
 *
 * <p>Utilisation is busy server-time within {@code [0, T)} over {@code c·T}. Not thread-safe.
 */
final class Upstream {

    private final long[] freeAt;
    private final ServiceTimes serviceTimes;
    private final double errorRate;
    private final SplittableRandom random;
    private final long durationNanos;
    private double busyNanos;
    private long errors;
    private long served;
    private long queuedNanosTotal;

    Upstream(UpstreamSpec spec, long seed, long durationNanos) {
        this.durationNanos = durationNanos;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        if (spec == null) {
            freeAt = null;
            serviceTimes = null;
            errorRate = 0;
        } else {
            freeAt = new long[spec.concurrency()];
            serviceTimes = new ServiceTimes(spec.serviceTime(), random);
            errorRate = spec.errorRateOrZero();
        }
    }

    /** Serves a request arriving at {@code arrivalNanos}; returns its completion time. */
    long serve(long arrivalNanos) {
        served++;
        if (freeAt == null) {
            return arrivalNanos;
        }
        long start = Math.max(arrivalNanos, freeAt[0]);
        long done = start + serviceTimes.next();
        queuedNanosTotal += start - arrivalNanos;
        busyNanos += Math.max(0, Math.min(done, durationNanos) - Math.min(start, durationNanos));
        if (errorRate > 0 && random.nextDouble() < errorRate) {
            errors++;
        }
        siftDown(done);
        return done;
    }

    /** The share of server capacity busy during the run, 0..1; 0 for an instant upstream. */
    double utilisation() {
        return freeAt == null ? 0 : busyNanos / ((double) freeAt.length * durationNanos);
    }

    /** Requests that failed upstream (the error rate). */
    long errors() {
        return errors;
    }

    /** Requests served. */
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
