package io.ratelab.limit;

/**
 * A rate-limiting algorithm with its parameters, holding no per-key state of its own.
 *
 * <p>Per-key state lives in {@code stateSlots()} consecutive {@code long}s of an array owned by the caller (a
 * {@link RateLimiter} or a {@link io.ratelab.limit.store.KeyedLimiter}'s table), the way Bucket4j keeps a bucket's
 * state in a {@code long[]}. That keeps a key's state small and lets one table hold millions of keys without an
 * object per key. Time is always an argument, in nanoseconds of a monotonic clock chosen by the caller (the proxy's
 * {@code System.nanoTime()}, the simulator's virtual time); an algorithm never reads a clock.
 *
 * <p>Thread-safety: instances are immutable and may be shared. The caller guarantees that no two threads touch the
 * same state slots at once (the stores lock per segment).
 */
public interface LimitAlgorithm {

    /** The algorithm's name as files and the command line spell it, e.g. {@code token-bucket}. */
    Algorithm type();

    /** How many {@code long} slots one key's state takes. */
    int stateSlots();

    /** Writes the state of a key seen for the first time at {@code nowNanos}. */
    void initialize(long[] state, int offset, long nowNanos);

    /**
     * Decides one request of {@code permits} units at {@code nowNanos}, updating the state in place as the algorithm
     * prescribes (most leave it untouched on rejection; HAProxy's counter counts rejected requests too).
     */
    Decision acquire(long[] state, int offset, long nowNanos, int permits);

    /** Hands back permits taken by an admitted request when it completes. Only the concurrency limit uses it. */
    default void release(long[] state, int offset, long nowNanos, int permits) {
    }

    /**
     * True when the state at {@code nowNanos} behaves exactly like a fresh key's, so a store may forget the key
     * without changing any future decision.
     */
    boolean isIdle(long[] state, int offset, long nowNanos);

    /** What the {@code RateLimit-Policy} header says of this limit: its quota and window. */
    Policy policy();
}
