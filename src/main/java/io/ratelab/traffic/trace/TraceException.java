package io.ratelab.traffic.trace;

/**
 * A trace that cannot be read at all: a missing file, an unknown format, a CSV without its header, no readable
 * request. (Single bad lines are not exceptions; they are counted in {@link LineTally}.) The message begins with
 * the field at fault, {@code path: ...} or {@code format: ...}, as the scenario reader expects.
 */
public final class TraceException extends IllegalArgumentException {

    public TraceException(String message) {
        super(message);
    }

    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
