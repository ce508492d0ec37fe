package io.ratelab.load;

/**
 * Tuning of a live run; the defaults suit a laptop or a 2-core box.
 *
 * @param ioThreads          IO threads of the HTTP engine
 * @param connections        keep-alive connection budget (open loop), split over the pools (IO threads or source
 *                           addresses, at least one each); closed loop uses one per user
 * @param openBound          the most connections open at once, over all pools ({@link ConnectionBound}: from the
 *                           file limit); past it, idle connections are closed, least recently used first
 * @param maxWaiting         per connection pool, attempts that may wait for a connection before new ones are dropped
 * @param lateThresholdNanos an attempt leaving later than this after its intended time counts as late
 * @param drainTimeoutNanos  after the schedule ends, how long to wait for the last responses
 * @param sampleNanos        the fine metrics interval (a coarse interval is 10 of these)
 * @param shortfallRatio     warn when the achieved rate is below this fraction of the target (0.99)
 */
public record LoadOptions(int ioThreads, int connections, ConnectionBound openBound, int maxWaiting,
                          long lateThresholdNanos, long drainTimeoutNanos, long sampleNanos, double shortfallRatio) {

    /** 1 ms: the late threshold. */
    public static final long DEFAULT_LATE_NANOS = 1_000_000L;

    public LoadOptions {
        if (ioThreads <= 0) {
            throw new IllegalArgumentException("ioThreads must be positive, got " + ioThreads);
        }
        if (connections <= 0) {
            throw new IllegalArgumentException("connections must be positive, got " + connections);
        }
        if (openBound == null || openBound.connections() < ioThreads) {
            throw new IllegalArgumentException("the bound on open connections must be at least the IO threads ("
                    + ioThreads + "), got " + (openBound == null ? null : openBound.connections()));
        }
        if (maxWaiting <= 0) {
            throw new IllegalArgumentException("maxWaiting must be positive, got " + maxWaiting);
        }
        if (lateThresholdNanos < 0) {
            throw new IllegalArgumentException("lateThresholdNanos must not be negative, got " + lateThresholdNanos);
        }
        if (drainTimeoutNanos < 0) {
            throw new IllegalArgumentException("drainTimeoutNanos must not be negative, got " + drainTimeoutNanos);
        }
        if (sampleNanos <= 0) {
            throw new IllegalArgumentException("sampleNanos must be positive, got " + sampleNanos);
        }
        if (!(shortfallRatio > 0 && shortfallRatio <= 1)) {
            throw new IllegalArgumentException("shortfallRatio must be in (0, 1], got " + shortfallRatio);
        }
    }

    /**
     * 1 IO thread, 256 connections, at most what the file limit allows open at once for a target in another process
     * ({@link ConnectionBound#forRemoteTarget}), 100 000 waiting per pool, late after 1 ms, 5 s drain, 100 ms
     * samples, 99%.
     */
    public static LoadOptions defaults() {
        return new LoadOptions(1, 256, ConnectionBound.forRemoteTarget(), 100_000, DEFAULT_LATE_NANOS,
                5_000_000_000L, 100_000_000L, 0.99);
    }

    /** The same with another bound on open connections (e.g. {@link ConnectionBound#forTargetInProcess}). */
    public LoadOptions withOpenBound(ConnectionBound bound) {
        return new LoadOptions(ioThreads, connections, bound, maxWaiting, lateThresholdNanos, drainTimeoutNanos,
                sampleNanos, shortfallRatio);
    }

    public LoadOptions withConnections(int n) {
        return new LoadOptions(ioThreads, n, openBound, maxWaiting, lateThresholdNanos, drainTimeoutNanos,
                sampleNanos, shortfallRatio);
    }

    public LoadOptions withIoThreads(int n) {
        return new LoadOptions(n, connections, openBound, maxWaiting, lateThresholdNanos, drainTimeoutNanos,
                sampleNanos, shortfallRatio);
    }

    public LoadOptions withLateThresholdNanos(long nanos) {
        return new LoadOptions(ioThreads, connections, openBound, maxWaiting, nanos, drainTimeoutNanos, sampleNanos,
                shortfallRatio);
    }

    public LoadOptions withDrainTimeoutNanos(long nanos) {
        return new LoadOptions(ioThreads, connections, openBound, maxWaiting, lateThresholdNanos, nanos, sampleNanos,
                shortfallRatio);
    }
}
