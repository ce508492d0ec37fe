package io.ratelab.export;

/** A limiter, key rule or address that the chosen target cannot express; the message says what and why. */
public final class ExportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }
}
