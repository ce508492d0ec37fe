package io.ratelab.limit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate: {@code count} events per {@code period}, written {@code 10/s}, {@code 600/m}, {@code 5/h}, {@code 2/d},
 * {@code 100/10s} or nginx style {@code 10r/s}.
 *
 * <p>Exact integer form is kept so that engine models can reproduce an engine's own rounding (nginx stores
 * {@code 1r/m} as 16 milli-requests per second).
 */
public record Rate(long count, Duration period) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d+)\\s*(?:r)?\\s*/\\s*(\\d*)\\s*(ms|s|m|h|d)\\s*");

    public Rate {
        if (count <= 0) {
            throw new IllegalArgumentException("a rate needs a positive count, got " + count);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate needs a positive period, got " + period);
        }
    }

    /** {@code count} per second. */
    public static Rate perSecond(long count) {
        return new Rate(count, Duration.ofSeconds(1));
    }

    /**
     * Parses {@code N/s}, {@code N/m}, {@code N/h}, {@code N/d}, {@code N/ms}, with an optional multiple before the
     * unit ({@code 100/10s}) and an optional {@code r} after N.
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static Rate parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write N/s, N/m, N/h or N/d with a whole"
                    + " positive N, e.g. 10/s or 600/m");
        }
        long count;
        try {
            count = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the count is too large");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("'" + text + "': a rate must be positive");
        }
        long multiple = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        if (multiple <= 0) {
            throw new IllegalArgumentException("'" + text + "': the period must be positive");
        }
        return new Rate(count, Durations.unit(m.group(3)).multipliedBy(multiple));
    }

    /** Nanoseconds of the period. */
    public long periodNanos() {
        return period.toNanos();
    }

    /** Events per second as a double, for display and for engines that use floating point. */
    public double perSecondDouble() {
        return count * 1e9 / periodNanos();
    }

    /**
     * The spacing between events, rounded up to a whole nanosecond so that a limiter built on it never admits more
     * than the rate.
     */
    public long intervalNanos() {
        long p = periodNanos();
        return Math.max(1, (p + count - 1) / count);
    }

    /** How many events fit in {@code window} at this rate; fails unless that is a whole positive number. */
    public long countOver(Duration window) {
        long w = window.toNanos();
        long p = periodNanos();
        if (Math.multiplyHigh(count, w) != 0 || (count * w) % p != 0 || count * w / p <= 0) {
            throw new IllegalArgumentException(this + " over " + Durations.format(window)
                    + " is not a whole number of requests");
        }
        return count * w / p;
    }

    @Override
    public String toString() {
        return count + "/" + Durations.formatUnit(period);
    }
}
