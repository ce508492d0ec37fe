package io.ratelab.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus-style latency histogram with fixed upper bounds from 100 µs to 10 s: one {@link LongAdder} per bucket,
 * so writers never block and never allocate; the reader sums on demand (counts may be mid-update relative to each
 * other, as Prometheus allows). Values are nanoseconds. Thread-safe.
 */
final class LatencyBuckets {

    /** Upper bounds in seconds, as the {@code le} labels print them. */
    static final String[] LABELS = {"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
            "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};
    private static final long[] BOUNDS_NANOS = new long[LABELS.length];

    static {
        for (int i = 0; i < LABELS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(Double.parseDouble(LABELS[i]) * 1e9);
        }
    }

    private final LongAdder[] buckets = new LongAdder[LABELS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyBuckets() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        long v = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS_NANOS.length && v > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(v);
    }

    /** Cumulative counts: element i counts values at most bound i; the last element counts all (+Inf). */
    long[] cumulative() {
        long[] c = new long[buckets.length];
        long run = 0;
        for (int i = 0; i < buckets.length; i++) {
            run += buckets[i].sum();
            c[i] = run;
        }
        return c;
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
