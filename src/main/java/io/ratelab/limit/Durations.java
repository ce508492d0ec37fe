package io.ratelab.limit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as files and flags write them: {@code 250ms}, {@code 1.5s}, {@code 10s}, {@code 2m}, {@code 1h}. */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)\\s*");

    private Durations() {
    }

    /**
     * Parses a number followed by one of {@code ns us ms s m h d}.
     *
     * @throws IllegalArgumentException naming the allowed units
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit"
                    + " (ms, s, m, h), e.g. 250ms or 60s");
        }
        Duration unit = unit(m.group(2));
        double nanos = Double.parseDouble(m.group(1)) * unit.toNanos();
        if (nanos > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    static Duration unit(String unit) {
        switch (unit) {
            case "ns": return Duration.ofNanos(1);
            case "us": return Duration.ofNanos(1_000);
            case "ms": return Duration.ofMillis(1);
            case "s": return Duration.ofSeconds(1);
            case "m": return Duration.ofMinutes(1);
            case "h": return Duration.ofHours(1);
            case "d": return Duration.ofDays(1);
            default: throw new IllegalArgumentException("unknown unit '" + unit + "'; use ms, s, m, h or d");
        }
    }

    /** The shortest exact human form: {@code 250ms}, {@code 10s}, {@code 2m}. */
    public static String format(Duration d) {
        long n = d.toNanos();
        String[] names = {"d", "h", "m", "s", "ms", "us"};
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < names.length; i++) {
            if (n != 0 && n % sizes[i] == 0) {
                return n / sizes[i] + names[i];
            }
        }
        return n + "ns";
    }

    /** Like {@link #format} but drops a leading 1, as rates read: {@code s} for one second, {@code 10s} for ten. */
    static String formatUnit(Duration d) {
        String f = format(d);
        return f.startsWith("1") && !Character.isDigit(f.length() > 1 ? f.charAt(1) : 'x') ? f.substring(1) : f;
    }
}
