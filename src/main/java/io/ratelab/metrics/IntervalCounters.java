package io.ratelab.metrics;

import org.HdrHistogram.WriterReaderPhaser;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A flat array of counters written by many threads and harvested by one reader, interval by interval, with the
 * same double-buffer discipline as HdrHistogram's {@code Recorder}.
 *
 * <p>Writers ({@link #add}) are wait-free: they enter a {@link WriterReaderPhaser} critical section and do one atomic
 * add on the active array. The reader ({@link #harvest}) swaps the active and inactive arrays and waits for writers
 * that were still in the old phase, so a harvested interval is complete and no increment is lost or counted twice.
 * {@link #harvest} must be called by one thread at a time (it serialises on the phaser's reader lock).
 */
final class IntervalCounters {

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final int size;
    private volatile AtomicLongArray active;
    private AtomicLongArray inactive;

    IntervalCounters(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
        this.active = new AtomicLongArray(size);
        this.inactive = new AtomicLongArray(size);
    }

    /** Adds {@code delta} to counter {@code index} of the current interval. Wait-free. */
    void add(int index, long delta) {
        long critical = phaser.writerCriticalSectionEnter();
        try {
            active.addAndGet(index, delta);
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /** Ends the current interval and returns its counts; the next interval starts at zero. */
    long[] harvest() {
        phaser.readerLock();
        try {
            AtomicLongArray fresh = inactive;
            for (int i = 0; i < size; i++) {
                fresh.set(i, 0);
            }
            inactive = active;
            active = fresh;
            // after flipPhase no writer still touches the array we are about to read
            phaser.flipPhase();
            long[] out = new long[size];
            for (int i = 0; i < size; i++) {
                out[i] = inactive.get(i);
            }
            return out;
        } finally {
            phaser.readerUnlock();
        }
    }
}
