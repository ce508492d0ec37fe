package io.ratelab.proxy;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Completed requests of one limiter, by {@link Outcome} and HTTP status, and those it refused in shadow mode (which
 * were forwarded, so their outcome is admitted or error). Writers never block: each (outcome, status) pair is a
 * {@link LongAdder}, created on first use with a compare-and-set. Thread-safe.
 */
final class LimiterCounters {

    private static final int STATUSES = 600;

    private final String limiter;
    private final AtomicReferenceArray<LongAdder> counts =
            new AtomicReferenceArray<>(Outcome.values().length * STATUSES);
    private final LongAdder shadowRejected = new LongAdder();

    LimiterCounters(String limiter) {
        this.limiter = limiter;
    }

    String limiter() {
        return limiter;
    }

    /** Counts one completed request; a status outside 0-599 counts as 0. */
    void increment(Outcome outcome, int status) {
        int s = status >= 0 && status < STATUSES ? status : 0;
        int slot = outcome.ordinal() * STATUSES + s;
        LongAdder a = counts.get(slot);
        if (a == null) {
            LongAdder fresh = new LongAdder();
            a = counts.compareAndSet(slot, null, fresh) ? fresh : counts.get(slot);
        }
        a.increment();
    }

    /** Counts one completed request that the limiter refused in shadow mode. */
    void shadowRejected() {
        shadowRejected.increment();
    }

    /** Completed requests the limiter refused in shadow mode. */
    long shadowRejectedTotal() {
        return shadowRejected.sum();
    }

    /** The total for one outcome over all statuses. */
    long total(Outcome outcome) {
        long sum = 0;
        for (int s = 0; s < STATUSES; s++) {
            LongAdder a = counts.get(outcome.ordinal() * STATUSES + s);
            sum += a == null ? 0 : a.sum();
        }
        return sum;
    }

    /** Visits the statuses seen for {@code outcome} with their counts, in status order. */
    void forEach(Outcome outcome, BiConsumer<Integer, Long> visitor) {
        for (int s = 0; s < STATUSES; s++) {
            LongAdder a = counts.get(outcome.ordinal() * STATUSES + s);
            if (a != null) {
                visitor.accept(s, a.sum());
            }
        }
    }
}
