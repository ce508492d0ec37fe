package io.ratelab.ui.live;

/**
 * One row of the live per-group table. Immutable.
 *
 * @param group      traffic group name, or "all" for the total row
 * @param offered    first attempts (retries not included)
 * @param sent       first attempts and retries
 * @param accepted   answered 2xx (admitted)
 * @param rejected   answered 429
 * @param errors     5xx, other 4xx, other statuses and connection errors
 * @param p50Millis  median corrected latency of admitted (2xx) requests
 * @param p99Millis  99th percentile corrected latency of admitted requests
 * @param fairness   Jain's index of the admitted shares of the group's clients (see {@code ClientStats}); NaN before
 *                   the first per-client count
 */
public record GroupRow(String group, long offered, long sent, long accepted, long rejected, long errors, double p50Millis,
                       double p99Millis, double fairness) {

    /** accepted / answered in percent (0 before any answer). */
    public double acceptedPercent() {
        long answered = accepted + rejected + errors;
        return answered == 0 ? 0 : 100.0 * accepted / answered;
    }
}
