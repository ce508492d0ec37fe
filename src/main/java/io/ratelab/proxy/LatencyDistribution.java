package io.ratelab.proxy;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * The demo upstream's service time: a distribution with a given mean.
 * <ul>
 *   <li>{@code constant}: always the mean;</li>
 *   <li>{@code uniform}: uniform on [0, 2·mean];</li>
 *   <li>{@code exponential}: exponential with that mean (memoryless, as an M/M/c server);</li>
 *   <li>{@code lognormal}: log-normal with σ = 1 and that mean (μ = ln(mean) − σ²/2): most requests fast, a long tail.</li>
 * </ul>
 *
 * @param kind the shape
 * @param mean the mean service time, zero or more
 */
public record LatencyDistribution(Kind kind, Duration mean) {

    /** The shapes. */
    public enum Kind { CONSTANT, UNIFORM, EXPONENTIAL, LOGNORMAL }

    public LatencyDistribution {
        if (kind == null) {
            throw new IllegalArgumentException("distribution is required: constant, uniform, exponential or lognormal");
        }
        if (mean == null || mean.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or more, got " + mean);
        }
    }

    /** Parses a distribution name, case-insensitively. */
    public static Kind kind(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + name + "' is not a distribution; use constant, uniform,"
                    + " exponential or lognormal");
        }
    }

    /** Draws one service time in nanoseconds. {@code random} must be safe for the calling threads. */
    public long sampleNanos(Random random) {
        double m = mean.toNanos();
        if (m == 0) {
            return 0;
        }
        double v = switch (kind) {
            case CONSTANT -> m;
            case UNIFORM -> random.nextDouble() * 2 * m;
            case EXPONENTIAL -> -m * Math.log(1 - random.nextDouble());
            case LOGNORMAL -> Math.exp(Math.log(m) - 0.5 + random.nextGaussian());
        };
        return Math.max(0, Math.round(Math.min(v, 3.6e12)));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + mean.toMillis() + "ms";
    }
}
