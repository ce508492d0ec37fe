package io.ratelab.proxy.demo;

import io.ratelab.scenario.ServiceTimeSampler;
import io.ratelab.scenario.ServiceTimeSpec;

import java.time.Duration;
import java.util.Locale;

/**
 * How {@code ratelab upstream --latency MEAN --distribution SHAPE} states a service time: a shape and its mean. It is
 * only a way of writing a {@link ServiceTimeSpec} — {@link #serviceTime()} gives the exact equivalent, and the demo
 * upstream draws from that with the simulator's {@link io.ratelab.scenario.ServiceTimeSampler}:
 * <ul>
 *   <li>{@code constant}: always the mean;</li>
 *   <li>{@code uniform}: uniform on [0, 2·mean];</li>
 *   <li>{@code exponential}: exponential with that mean (median = mean·ln 2);</li>
 *   <li>{@code lognormal}: log-normal with σ = 1 and that mean (median = mean·e^(−½), p99 = median·e^(z₀.₉₉)):
 *       most requests fast, a long tail.</li>
 * </ul>
 *
 * @param kind the shape
 * @param mean the mean service time, zero or more
 */
public record DemoServiceTime(Kind kind, Duration mean) {

    /** The shapes. */
    public enum Kind { CONSTANT, UNIFORM, EXPONENTIAL, LOGNORMAL }

    /** No service time: answered at once. */
    public static final DemoServiceTime INSTANT = new DemoServiceTime(Kind.CONSTANT, Duration.ZERO);

    public DemoServiceTime {
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

    /** The same service time as a scenario's {@code serviceTime}; a zero mean is a constant 0 whatever the shape. */
    public ServiceTimeSpec serviceTime() {
        double m = mean.toNanos();
        if (m == 0) {
            return ServiceTimeSpec.constant(Duration.ZERO);
        }
        return switch (kind) {
            case CONSTANT -> ServiceTimeSpec.constant(mean);
            case UNIFORM -> new ServiceTimeSpec(ServiceTimeSpec.Distribution.UNIFORM, null, null, Duration.ZERO,
                    mean.multipliedBy(2));
            case EXPONENTIAL -> new ServiceTimeSpec(ServiceTimeSpec.Distribution.EXPONENTIAL,
                    nanos(Math.max(1, m * Math.log(2))), null, null, null);
            case LOGNORMAL -> {
                double median = Math.max(1, m * Math.exp(-0.5));
                yield new ServiceTimeSpec(ServiceTimeSpec.Distribution.LOGNORMAL, nanos(median),
                        nanos(Math.max(median + 1, median * Math.exp(ServiceTimeSampler.Z99))), null, null);
            }
        };
    }

    private static Duration nanos(double n) {
        return Duration.ofNanos(Math.round(n));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + mean.toMillis() + "ms";
    }
}
