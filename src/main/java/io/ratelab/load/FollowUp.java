package io.ratelab.load;

/**
 * What happens after an attempt ends: a retry (open loop), the user's next request (closed loop), or nothing.
 * Called on an IO thread; must not block.
 */
@FunctionalInterface
interface FollowUp {

    /** The {@code status} passed for a connection error. */
    int CONNECTION_ERROR = -1;
    /** The {@code status} passed for an attempt dropped before it left. */
    int DROPPED = -2;

    /** Nothing follows. */
    FollowUp NONE = (attempt, status, retryAfter, endNanos) -> false;

    /**
     * @param status     the HTTP status, or {@link #CONNECTION_ERROR} / {@link #DROPPED}
     * @param retryAfter the response's {@code Retry-After} header, or null
     * @return true if another attempt now carries on (so the run is not finished with this one)
     */
    boolean after(Attempt attempt, int status, String retryAfter, long endNanos);
}
