package io.ratelab.redis;

import java.util.Locale;

/** What a shared limit decides while its store does not answer within the command timeout. */
public enum FailurePolicy {
    /** Admit every request (availability over the limit). */
    OPEN,
    /** Reject every request (the limit over availability). */
    CLOSED,
    /** Decide with a local limiter at {@code rate/N} for {@code N} replicas, so together they keep about the limit. */
    LOCAL;

    /** The name files and flags use: {@code open}, {@code closed}, {@code local}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code open}, {@code closed} or {@code local}.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static FailurePolicy parse(String text) {
        for (FailurePolicy p : values()) {
            if (p.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a store failure policy; use open, closed or local");
    }
}
