package io.ratelab.traffic.trace;

/**
 * A line (or HAR entry) that cannot be read as a request; its message says why. Expected in real logs and cheap:
 * no stack trace. The reader counts it, keeps the first few in {@link LineTally}, and goes on.
 */
final class MalformedLine extends Exception {

    MalformedLine(String reason) {
        super(reason, null, false, false);
    }
}
