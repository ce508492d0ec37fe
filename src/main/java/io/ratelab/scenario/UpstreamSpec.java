package io.ratelab.scenario;

/**
 * The service behind the limiter, as a queue: {@code concurrency} requests served at once, each taking a
 * {@code serviceTime}; the rest wait in arrival order (an M/G/c-style FIFO queue). {@code errorRate} of the served
 * requests fail (5xx). Absent, the upstream answers at once with unbounded concurrency.
 * <pre>
 * upstream:
 *   concurrency: 32
 *   serviceTime: { distribution: lognormal, median: 20ms, p99: 200ms }
 *   errorRate: 0.0
 * </pre>
 */
public record UpstreamSpec(Integer concurrency, ServiceTimeSpec serviceTime, Double errorRate) {

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
    }

    /** {@code errorRate}, 0 when absent. */
    public double errorRateOrZero() {
        return errorRate == null ? 0 : errorRate;
    }
}
