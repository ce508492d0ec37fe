package io.ratelab.load;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfterHeader {

    private RetryAfterHeader() {
    }

    /**
     * The wait the header asks for, in nanoseconds, or -1 if absent or unreadable.
     *
     * @param nowEpochMillis the wall clock, for the HTTP-date form
     */
    static long nanos(String value, long nowEpochMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Math.multiplyExact(Long.parseLong(v), 1_000_000_000L);
            } catch (ArithmeticException | NumberFormatException e) {
                return -1;
            }
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowEpochMillis) * 1_000_000L;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
