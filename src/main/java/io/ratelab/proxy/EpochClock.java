package io.ratelab.proxy;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The proxy's default clock: {@link System#nanoTime()}, monotonic, shifted once at construction so that it reads
 * as nanoseconds since the epoch. Limiters whose windows are aligned to time 0 of their clock (fixed window, sliding
 * window) then align to wall-clock seconds and minutes, and a recorded arrival time is the very reading the limiter
 * decided at, so replaying a recording meets the same windows. It does not follow later wall-clock adjustments.
 * Thread-safe.
 */
final class EpochClock implements LongSupplier {

    private final long offsetNanos;

    EpochClock() {
        long before = System.nanoTime();
        Instant now = Instant.now();
        long after = System.nanoTime();
        this.offsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
    }

    @Override
    public long getAsLong() {
        return System.nanoTime() + offsetNanos;
    }

    /** What to add to a reading of {@code clock} to get epoch nanoseconds: 0 for an {@code EpochClock}. */
    static long offsetOf(LongSupplier clock) {
        if (clock instanceof EpochClock) {
            return 0;
        }
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - clock.getAsLong();
    }
}
