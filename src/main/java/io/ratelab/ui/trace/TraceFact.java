package io.ratelab.ui.trace;

/**
 * One row of the trace summary table: what ({@code Requests}) and its value ({@code 1,234}).
 *
 * @param label the fact's name
 * @param value its value; may span lines (the first skipped lines)
 */
public record TraceFact(String label, String value) {

    public TraceFact {
        if (label == null || value == null) {
            throw new IllegalArgumentException("label and value are required");
        }
    }
}
