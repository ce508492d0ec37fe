package io.ratelab.scenario;

/**
 * The service behind the limiter, as a queue — the one model the simulator and the live demo upstream both follow:
 * {@code concurrency} requests served at once, each taking a {@code serviceTime} drawn by {@link ServiceTimeSampler};
 * the rest wait in arrival order (a G/G/c FIFO queue). At most {@code queueLimit} requests wait (absent: no bound); a
 * request that finds every server busy and the queue full is refused at once with a 503, never served, and counted as
 * an error. {@code errorRate} of the served requests fail (500). Absent, the upstream answers at once with unbounded
 * concurrency.
 * <pre>
 * upstream:
 *   concurrency: 32
 *   serviceTime: { distribution: lognormal, median: 20ms, p99: 200ms }
 *   errorRate: 0.0
 *   queueLimit: 1000       # optional; absent = unbounded
 * </pre>
 */
public record UpstreamSpec(Integer concurrency, ServiceTimeSpec serviceTime, Double errorRate, Integer queueLimit) {

    /** The largest concurrency accepted. */
    public static final int MAX_CONCURRENCY = 1_000_000;

    public UpstreamSpec {
        if (concurrency == null) {
            throw new IllegalArgumentException("concurrency: is required (requests the upstream serves at once)");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency: must be 1 to " + MAX_CONCURRENCY + ", got "
                    + concurrency);
        }
        if (serviceTime == null) {
            throw new IllegalArgumentException("serviceTime: is required, e.g. {distribution: lognormal, median: 20ms,"
                    + " p99: 200ms}");
        }
        if (errorRate != null && !(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate: must be between 0.0 and 1.0, got " + errorRate);
        }
        if (queueLimit != null && (queueLimit < 0 || queueLimit > MAX_QUEUE)) {
            throw new IllegalArgumentException("queueLimit: must be 0 to " + MAX_QUEUE + " requests waiting (absent:"
                    + " unbounded), got " + queueLimit);
        }
    }

    /** The largest queue bound accepted. */
    public static final int MAX_QUEUE = 100_000_000;

    /** {@code queueLimit}, or -1 for an unbounded queue. */
    public int queueLimitOrUnbounded() {
        return queueLimit == null ? -1 : queueLimit;
    }

    /** {@code errorRate}, 0 when absent. */
    public double errorRateOrZero() {
        return errorRate == null ? 0 : errorRate;
    }
}
