package io.ratelab.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Names the cause of a failed request for {@link io.ratelab.metrics.ErrorCauses}. Stateless. */
final class ErrorCause {

    private ErrorCause() {
    }

    /** {@code HTTP 400}: an answer that counts as an error (4xx other than 429, 5xx, 1xx/3xx). */
    static String ofStatus(int status) {
        return "HTTP " + status;
    }

    /** {@code connection refused}, {@code timeout}, {@code connection reset}, {@code connection closed}, or other. */
    static String of(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof ConnectException || m.contains("connection refused")) {
                return "connection refused";
            }
            if (t instanceof SocketTimeoutException || m.contains("timed out") || m.contains("timeout")) {
                return "timeout";
            }
            if (m.contains("reset")) {
                return "connection reset";
            }
            if (t instanceof ClosedChannelException || t instanceof EOFException || m.contains("closed")
                    || m.contains("broken pipe")) {
                return "connection closed";
            }
        }
        return "other: " + e.getClass().getSimpleName();
    }
}
