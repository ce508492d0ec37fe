package io.ratelab.traffic.trace;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Parses the time stamps traces carry into epoch nanoseconds, and says how fine each is. Every reader owns one
 * (it caches the last {@code $time_local} it parsed, since consecutive log lines usually share their second).
 * Not thread-safe.
 *
 * <ul>
 *   <li>{@code $time_local} / common-log {@code %t}: {@code 10/Oct/2000:13:55:36 -0700}, 1 s;</li>
 *   <li>ISO-8601 ({@code $time_iso8601}, HAR, CSV, JSON): {@code 2000-10-10T13:55:36-07:00}, {@code Z} or an offset;
 *       without a zone it is UTC; a fraction of {@code d} digits gives a resolution of {@code 10^-d} s;</li>
 *   <li>epoch numbers (CSV, JSON, {@code $msec}): below 10^11 they are seconds, below 10^14 milliseconds, below 10^17
 *       microseconds, else nanoseconds; a fraction refines the resolution as above.</li>
 * </ul>
 */
final class Timestamps {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private String lastLocal;
    private long lastLocalNanos;
    /** The resolution of the stamp parsed last, in nanos. */
    long resolutionNanos;

    /** {@code dd/MMM/yyyy:HH:mm:ss ±hhmm}, resolution 1 s. */
    long timeLocal(String s) throws MalformedLine {
        resolutionNanos = TraceRequest.SECOND;
        if (s.equals(lastLocal)) {
            return lastLocalNanos;
        }
        if (s.length() != 26 || s.charAt(2) != '/' || s.charAt(6) != '/' || s.charAt(11) != ':'
                || s.charAt(20) != ' ') {
            throw new MalformedLine("time '" + s + "' is not dd/MMM/yyyy:HH:mm:ss +hhmm");
        }
        int month = MONTHS.indexOf(s.substring(3, 6));
        if (month < 0 || month % 3 != 0) {
            throw new MalformedLine("time '" + s + "': unknown month");
        }
        try {
            LocalDate date = LocalDate.of(digits(s, 7, 11), month / 3 + 1, digits(s, 0, 2));
            int h = digits(s, 12, 14);
            int m = digits(s, 15, 17);
            int sec = digits(s, 18, 20);
            int sign = s.charAt(21) == '-' ? -1 : s.charAt(21) == '+' ? 1 : 0;
            if (sign == 0 || h > 23 || m > 59 || sec > 60) {
                throw new MalformedLine("time '" + s + "' is out of range");
            }
            int offsetSeconds = sign * (digits(s, 22, 24) * 3600 + digits(s, 24, 26) * 60);
            long epochSecond = date.toEpochDay() * 86_400L + h * 3600L + m * 60L + sec - offsetSeconds;
            long nanos = toNanos(s, epochSecond, 0);
            lastLocal = s;
            lastLocalNanos = nanos;
            return lastLocalNanos;
        } catch (java.time.DateTimeException e) {
            throw new MalformedLine("time '" + s + "': " + e.getMessage());
        }
    }

    /** ISO-8601 with an offset, {@code Z}, or none (UTC). */
    long iso(String s) throws MalformedLine {
        resolutionNanos = fractionResolution(s, s.indexOf('T') < 0 ? s.indexOf(' ') : s.indexOf('T'));
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s.replace(' ', 'T'), OffsetDateTime::from,
                    LocalDateTime::from);
            OffsetDateTime odt = t instanceof OffsetDateTime o ? o : ((LocalDateTime) t).atOffset(ZoneOffset.UTC);
            return toNanos(s, odt.toEpochSecond(), odt.getNano());
        } catch (DateTimeParseException e) {
            throw new MalformedLine("time '" + s + "' is not ISO-8601 (e.g. 2024-11-19T10:00:00Z)");
        }
    }

    /** Epoch seconds, milliseconds, microseconds or nanoseconds by magnitude (see the class doc). */
    long epochNumber(String s) throws MalformedLine {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || !allDigits(whole) || !allDigits(fraction) || whole.length() > 19) {
            throw new MalformedLine("time '" + s + "' is not an epoch number");
        }
        long w = Long.parseLong(whole);
        long unit = w < 100_000_000_000L ? TraceRequest.SECOND : w < 100_000_000_000_000L ? 1_000_000L
                : w < 100_000_000_000_000_000L ? 1_000L : 1L;
        long frac = 0;
        long res = unit;
        for (int i = 0; i < fraction.length() && res > 1; i++) {
            res /= 10;
            frac += (fraction.charAt(i) - '0') * res;
        }
        resolutionNanos = Math.max(res, 1);
        try {
            return Math.addExact(Math.multiplyExact(w, unit), frac);
        } catch (ArithmeticException e) {
            throw outOfRange(s);
        }
    }

    /** Epoch seconds and nanos of the second as epoch nanoseconds, or a bad line when they do not fit a long. */
    private static long toNanos(String s, long epochSecond, long nanoOfSecond) throws MalformedLine {
        try {
            return Math.addExact(Math.multiplyExact(epochSecond, TraceRequest.SECOND), nanoOfSecond);
        } catch (ArithmeticException e) {
            throw outOfRange(s);
        }
    }

    private static MalformedLine outOfRange(String s) {
        return new MalformedLine("time '" + s + "' is outside the years 1677-2262 that nanosecond times can hold");
    }

    /** A number (epoch) or else ISO-8601 text. */
    long any(String s) throws MalformedLine {
        if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.indexOf('-') < 0 && s.indexOf(':') < 0) {
            return epochNumber(s);
        }
        return iso(s);
    }

    private static long fractionResolution(String s, int timeStart) {
        int dot = timeStart < 0 ? -1 : s.indexOf('.', timeStart);
        if (dot < 0) {
            return TraceRequest.SECOND;
        }
        long res = TraceRequest.SECOND;
        for (int i = dot + 1; i < s.length() && Character.isDigit(s.charAt(i)) && res > 1; i++) {
            res /= 10;
        }
        return res;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int digits(String s, int from, int to) throws MalformedLine {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedLine("time '" + s + "': expected a digit at position " + (i + 1));
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
