package io.ratelab.traffic.trace;

/**
 * What the limiter that wrote a trace line decided about the request: RateLab's recordings ({@code outcome},
 * {@code shadow}, {@code limiter}), nginx's {@code $limit_req_status} / {@code $limit_conn_status}, the would-be
 * decision in HAProxy's shadow log line. What {@code ratelab verify} compares the prediction with. Immutable.
 *
 * @param limiter  the limiter's name when the line says it (RateLab's recordings), else null
 * @param rejected true when the request was refused, or would have been in shadow mode
 * @param shadow   true when the decision was made in shadow mode (counted, not enforced)
 */
public record RecordedDecision(String limiter, boolean rejected, boolean shadow) {

    /**
     * The decision behind an nginx {@code $limit_req_status} or {@code $limit_conn_status} value: {@code PASSED},
     * {@code DELAYED} and {@code DELAYED_DRY_RUN} admitted, {@code REJECTED} and {@code REJECTED_DRY_RUN} refused;
     * null for {@code -} or empty (no limit applied to the request).
     *
     * @throws MalformedLine for any other value
     */
    static RecordedDecision ofNginx(String status) throws MalformedLine {
        return switch (status) {
            case "", "-" -> null;
            case "PASSED", "DELAYED" -> new RecordedDecision(null, false, false);
            case "DELAYED_DRY_RUN" -> new RecordedDecision(null, false, true);
            case "REJECTED" -> new RecordedDecision(null, true, false);
            case "REJECTED_DRY_RUN" -> new RecordedDecision(null, true, true);
            default -> throw new MalformedLine("limit status '" + status + "' is not PASSED, DELAYED, REJECTED,"
                    + " DELAYED_DRY_RUN or REJECTED_DRY_RUN");
        };
    }
}
