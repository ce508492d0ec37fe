package io.ratelab.load;

/**
 * One attempt to send one request: who sends it, in which traffic group, and when it was meant to leave.
 *
 * <p>Owned by one thread at a time: the scheduler creates it, the hand-off queue publishes it to an IO thread, which
 * then owns it until the {@link AttemptListener} has been told the outcome.
 */
public final class Attempt {

    final int client;
    final ClientIdentity identity;
    final int group;
    final long requestIntendedNanos;
    final long intendedNanos;
    final int number;
    /** The recorded request line to send (trace replay), or null: the group's route. */
    final Route route;
    /** Part of the warm-up before the measured window: sent like any other, counted nowhere. Retries inherit it. */
    final boolean warmup;
    /**
     * If the attempt has not left by this time (run clock) it is discarded unsent ({@link AttemptListener#dropped});
     * {@link Long#MAX_VALUE}: never. A warm-up attempt must leave before the window starts, so that a warm-up that
     * fell behind does not push its backlog into the window.
     */
    final long leaveByNanos;
    long sendNanos;
    /** Which of the engine's targets this attempt goes to; set by {@link HttpEngine#submit}. */
    int target;

    /**
     * @param client               the simulated client within its traffic group (closed loop: the user)
     * @param identity             the client's identity
     * @param group                traffic group index (into the run metrics' groups)
     * @param requestIntendedNanos when the logical request (its first attempt) was meant to leave, on the run clock
     * @param intendedNanos        when this attempt was meant to leave (differs for retries)
     * @param number               0 for the first attempt, 1 for the first retry, ...
     */
    public Attempt(int client, ClientIdentity identity, int group, long requestIntendedNanos, long intendedNanos,
                   int number) {
        this(client, identity, group, requestIntendedNanos, intendedNanos, number, null);
    }

    /**
     * As above, sending {@code route} (a replayed request's recorded method and target) instead of the group's route;
     * a null route sends the group's. Retries send the same route.
     */
    public Attempt(int client, ClientIdentity identity, int group, long requestIntendedNanos, long intendedNanos,
                   int number, Route route) {
        this(client, identity, group, requestIntendedNanos, intendedNanos, number, route, false, Long.MAX_VALUE);
    }

    Attempt(int client, ClientIdentity identity, int group, long requestIntendedNanos, long intendedNanos,
            int number, Route route, boolean warmup, long leaveByNanos) {
        if (client < 0 || group < 0 || number < 0) {
            throw new IllegalArgumentException("client, group and number must not be negative");
        }
        if (identity == null) {
            throw new IllegalArgumentException("identity is required");
        }
        this.client = client;
        this.identity = identity;
        this.group = group;
        this.requestIntendedNanos = requestIntendedNanos;
        this.intendedNanos = intendedNanos;
        this.number = number;
        this.route = route;
        this.warmup = warmup;
        this.leaveByNanos = leaveByNanos;
    }

    /** A stable hash of (group, client): picks the IO thread, so one client always uses the same pool. */
    int laneHash() {
        return group * 1_000_003 + client;
    }

    /** A retry of this attempt, meant to leave at {@code intendedNanos}. */
    public Attempt retry(long retryIntendedNanos) {
        return new Attempt(client, identity, group, requestIntendedNanos, retryIntendedNanos, number + 1, route, warmup,
                leaveByNanos);
    }

    public int client() {
        return client;
    }

    public ClientIdentity identity() {
        return identity;
    }

    public int group() {
        return group;
    }

    public long requestIntendedNanos() {
        return requestIntendedNanos;
    }

    public long intendedNanos() {
        return intendedNanos;
    }

    /** The recorded request line this attempt sends, or null for its group's route. */
    public Route route() {
        return route;
    }

    /** True for a warm-up attempt (sent before the measured window, or a retry of one). */
    public boolean warmup() {
        return warmup;
    }

    public int number() {
        return number;
    }

    /** When the attempt actually left (set by the IO thread just before writing it); 0 before. */
    public long sendNanos() {
        return sendNanos;
    }
}
