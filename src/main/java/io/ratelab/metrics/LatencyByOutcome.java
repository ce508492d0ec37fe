package io.ratelab.metrics;

/**
 * Latency split by answer, in the words of {@link Vocabulary}: admitted (2xx), rejected (429) and error (5xx, other
 * statuses, connection errors). Corrected latency: from a send's intended time to its answer. Immutable.
 *
 * @param admitted latency of 2xx answers — the headline latency
 * @param rejected latency of 429 answers
 * @param error    latency of the other answers and of connection errors (until the failure was seen)
 */
public record LatencyByOutcome(LatencySummary admitted, LatencySummary rejected, LatencySummary error) {

    /** Nothing recorded. */
    public static final LatencyByOutcome EMPTY = new LatencyByOutcome(LatencySummary.EMPTY, LatencySummary.EMPTY,
            LatencySummary.EMPTY);

    public LatencyByOutcome {
        if (admitted == null || rejected == null || error == null) {
            throw new IllegalArgumentException("admitted, rejected and error summaries are required");
        }
    }

    /** The answer class of an outcome: 0 admitted, 1 rejected, 2 error, -1 for a column that is not an answer. */
    public static int classOf(CountedColumn outcome) {
        return switch (outcome) {
            case STATUS_200, STATUS_2XX -> 0;
            case STATUS_429 -> 1;
            case STATUS_4XX, STATUS_5XX, STATUS_OTHER, CONNECTION_ERROR -> 2;
            default -> -1;
        };
    }
}
