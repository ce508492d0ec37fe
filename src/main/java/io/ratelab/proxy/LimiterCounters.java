package io.ratelab.proxy;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Completed requests of one limiter, by {@link Outcome} and HTTP status. Writers never block: each (outcome, status)
 * pair is a {@link LongAdder}, created on first use with a compare-and-set. Thread-safe.
 */
final class LimiterCounters {

    private static final int STATUSES = 600;

    private final String limiter;
    private final AtomicReferenceArray<LongAdder> counts =
            new AtomicReferenceArray<>(Outcome.values().length * STATUSES);

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
