package io.ratelab.load;

import java.io.IOException;

/**
 * What an {@link HttpEngine} reports about each attempt. Called on the engine's IO threads: implementations must not
 * block (they record metrics and maybe submit a retry). Exactly one of {@link #answered}, {@link #failed} or
 * {@link #dropped} is called per attempt; {@link #sent} comes first unless the attempt was dropped.
 */
public interface AttemptListener {

    /** The attempt is being written to a connection now, at {@code sendNanos} (the run clock). */
    void sent(Attempt attempt, long sendNanos);

    /**
     * A complete response arrived (headers and body) at {@code endNanos}.
     *
     * @param retryAfter the {@code Retry-After} header, or null
     */
    void answered(Attempt attempt, int status, String retryAfter, long endNanos);

    /** The connection failed before a complete response arrived. */
    void failed(Attempt attempt, IOException cause, long endNanos);

    /**
     * The attempt never left: the queue of attempts waiting for a connection was full, or its time to leave
     * ({@code leaveByNanos}, a warm-up attempt's: the window's start) had passed.
     */
    void dropped(Attempt attempt);
}
