package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;

import java.time.Duration;
import java.util.Locale;

/**
 * How a limiter parameter is edited: its value type, its unit, its default and the slider's range. The slider is
 * logarithmic (a rate of 5/s and one of 50 000/s are both reachable), position in {@code [0, 1]}.
 */
enum ParamKind {
    /** A rate such as {@code 100/s}; the slider moves the per-second count from 1 to 100 000. */
    RATE("N/s, N/m, N/h", 1, 100_000),
    /** A whole number of requests; the slider goes from 0 to 10 000. */
    COUNT("requests", 0, 10_000),
    /** A duration such as {@code 250ms}; the slider goes from 1 ms to 10 minutes (in milliseconds). */
    DURATION("ms, s, m", 1, 600_000),
    /** On or off; no slider. */
    FLAG("", 0, 1);

    private final String unit;
    private final double sliderMin;
    private final double sliderMax;

    ParamKind(String unit, double sliderMin, double sliderMax) {
        this.unit = unit;
        this.sliderMin = sliderMin;
        this.sliderMax = sliderMax;
    }

    static ParamKind of(Algorithm.Param p) {
        return switch (p) {
            case RATE -> RATE;
            case BURST, DELAY, CONCURRENCY -> COUNT;
            case WINDOW, PERIOD, FILL_INTERVAL -> DURATION;
            case NODELAY, LEGACY_TIMER -> FLAG;
        };
    }

    String unit() {
        return unit;
    }

    /** Parses the field's text; throws {@link IllegalArgumentException} saying what is allowed. */
    Object parse(String text) {
        String t = text == null ? "" : text.strip();
        return switch (this) {
            case RATE -> Rate.parse(t);
            case COUNT -> parseCount(t);
            case DURATION -> Durations.parse(t);
            case FLAG -> Boolean.parseBoolean(t);
        };
    }

    /** The slider's magnitude of a parsed value: requests per second, a count, or milliseconds. */
    double magnitude(Object value) {
        return switch (this) {
            case RATE -> ((Rate) value).perSecondDouble();
            case COUNT -> ((Long) value).doubleValue();
            case DURATION -> ((Duration) value).toNanos() / 1e6;
            case FLAG -> Boolean.TRUE.equals(value) ? 1 : 0;
        };
    }

    /** The text for a slider magnitude, rounded to two significant digits so dragging gives round numbers. */
    String textOf(double magnitude) {
        double v = roundTwoDigits(Math.max(sliderMin, Math.min(sliderMax, magnitude)));
        return switch (this) {
            case RATE -> Math.max(1, Math.round(v)) + "/s";
            case COUNT -> Long.toString(Math.round(v));
            case DURATION -> Durations.format(Duration.ofMillis(Math.max(1, Math.round(v))));
            case FLAG -> Boolean.toString(v >= 0.5);
        };
    }

    /** Slider position in [0, 1] for a magnitude, on a log scale of {@code magnitude + 1}. */
    double position(double magnitude) {
        double lo = Math.log10(sliderMin + 1);
        double hi = Math.log10(sliderMax + 1);
        double m = Math.log10(Math.max(sliderMin, Math.min(sliderMax, magnitude)) + 1);
        return (m - lo) / (hi - lo);
    }

    /** The magnitude at a slider position in [0, 1]. */
    double magnitudeAt(double position) {
        double lo = Math.log10(sliderMin + 1);
        double hi = Math.log10(sliderMax + 1);
        double p = Math.max(0, Math.min(1, position));
        return Math.pow(10, lo + p * (hi - lo)) - 1;
    }

    private static Long parseCount(String t) {
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new IllegalArgumentException("'" + t + "' is negative; write a whole number, 0 or more");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number");
        }
    }

    static double roundTwoDigits(double v) {
        if (v < 10) {
            return Math.round(v);
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)) - 1);
        return Math.round(v / magnitude) * magnitude;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
