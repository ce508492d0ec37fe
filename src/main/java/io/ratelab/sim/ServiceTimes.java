package io.ratelab.sim;

import io.ratelab.scenario.ServiceTimeSpec;

import java.util.random.RandomGenerator;

/**
 * Draws upstream service times in nanos from a {@link ServiceTimeSpec}:
 * constant {@code m}; exponential with mean {@code m / ln 2} (so its median is {@code m}), by inversion; lognormal
 * {@code exp(μ + σZ)} with {@code μ = ln m}, {@code σ = ln(p99/m) / 2.3263}; uniform on {@code [min, max]}.
 * Not thread-safe (shares the caller's generator).
 */
final class ServiceTimes {

    /** z of the 99th percentile of the standard normal. */
    static final double Z99 = 2.3263478740408408;

    private final ServiceTimeSpec.Distribution distribution;
    private final double a;
    private final double b;
    private final RandomGenerator random;

    ServiceTimes(ServiceTimeSpec spec, RandomGenerator random) {
        this.distribution = spec.distribution();
        this.random = random;
        switch (distribution) {
            case CONSTANT -> {
                a = spec.median().toNanos();
                b = 0;
            }
            case EXPONENTIAL -> {
                a = spec.median().toNanos() / Math.log(2);
                b = 0;
            }
            case LOGNORMAL -> {
                a = Math.log(spec.median().toNanos());
                b = Math.log((double) spec.p99().toNanos() / spec.median().toNanos()) / Z99;
            }
            default -> {
                a = spec.min().toNanos();
                b = spec.max().toNanos() - a;
            }
        }
    }

    /** One service time, nanos, at least 0. */
    long next() {
        double v = switch (distribution) {
            case CONSTANT -> a;
            case EXPONENTIAL -> a * random.nextExponential();
            case LOGNORMAL -> Math.exp(a + b * random.nextGaussian());
            case UNIFORM -> a + b * random.nextDouble();
        };
        return Math.max(0, Math.round(Math.min(v, 1e15)));
    }
}
