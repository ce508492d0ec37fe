package io.ratelab.report.plot;

import java.util.Locale;

/**
 * Turns an axis or table value into a short label with its unit. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface ValueFormat {

    /**
     * The label of {@code value} on an axis whose ticks are {@code step} apart (the step decides the decimals, so
     * that neighbouring labels differ).
     */
    String format(double value, double step);

    /** Plain numbers with k/M suffixes above a thousand and {@code unit} appended when not empty. */
    static ValueFormat number(String unit) {
        String suffix = unit.isEmpty() ? "" : " " + unit;
        return (value, step) -> compact(value, step) + suffix;
    }

    /** Milliseconds: {@code 250 ms}, {@code 1.5 s} from 1000 ms up, {@code 0.12 ms} below one. */
    static ValueFormat millis() {
        return (value, step) -> {
            if (Math.abs(value) >= 1000 && step >= 100) {
                return compactPlain(value / 1000, step / 1000) + " s";
            }
            return compactPlain(value, step) + " ms";
        };
    }

    /** Elapsed seconds: {@code 45s}, {@code 2m}, {@code 2m30s}, {@code 1h5m}; axes tick it in time steps. */
    ValueFormat ELAPSED_SECONDS = ValueFormat::elapsed;

    /** {@link #ELAPSED_SECONDS}. */
    static ValueFormat elapsedSeconds() {
        return ELAPSED_SECONDS;
    }

    /** True for a format of elapsed seconds, whose axis ticks on seconds, minutes and hours. */
    default boolean isTime() {
        return this == ELAPSED_SECONDS;
    }

    /** Percent with the decimals the step needs. */
    static ValueFormat percent() {
        return (value, step) -> compactPlain(value, step) + "%";
    }

    private static String elapsed(double seconds, double step) {
        if (step < 1) {
            return compactPlain(seconds, step) + "s";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return h + "h" + (m > 0 ? m + "m" : "");
        }
        if (m > 0) {
            return m + "m" + (sec > 0 ? sec + "s" : "");
        }
        return sec + "s";
    }

    /** {@code 1.2k}, {@code 20k}, {@code 3.5M}, or the plain number below a thousand. */
    static String compact(double value, double step) {
        double a = Math.abs(value);
        if (a >= 1e6 && step >= 1e5) {
            return compactPlain(value / 1e6, step / 1e6) + "M";
        }
        if (a >= 1e3 && step >= 100) {
            return compactPlain(value / 1e3, step / 1e3) + "k";
        }
        return compactPlain(value, step);
    }

    /** The value with as many decimals as {@code step} needs (none for whole steps), trailing zeros kept consistent. */
    static String compactPlain(double value, double step) {
        int decimals = 0;
        if (step > 0 && step < 1) {
            decimals = (int) Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
        }
        if (decimals == 0) {
            return Long.toString(Math.round(value));
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
