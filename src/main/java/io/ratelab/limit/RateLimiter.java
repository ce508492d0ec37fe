package io.ratelab.limit;

/**
 * A limiter that decides per key: the object the proxy, the simulator and the exporters' fidelity checks all call.
 *
 * <p>Thread-safe. Time is an argument in nanoseconds of the caller's monotonic clock.
 */
public interface RateLimiter {

    /** Decides one request for {@code key} at {@code nowNanos}. */
    Decision tryAcquire(CharSequence key, long nowNanos);

    /** Tells the limiter that an admitted request for {@code key} completed (the concurrency limit frees a permit). */
    void release(CharSequence key, long nowNanos);

    /** The algorithm with its parameters. */
    LimitAlgorithm algorithm();
}
