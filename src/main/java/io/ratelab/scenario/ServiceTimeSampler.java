package io.ratelab.scenario;

import java.util.random.RandomGenerator;

/**
 * Draws upstream service times in nanos from a {@link ServiceTimeSpec} — the one sampler the simulator's upstream and
 * the live demo upstream share, so both draw the same distribution with the same parameters:
 * constant {@code m}; exponential with mean {@code m / ln 2} (so its median is {@code m}), by inversion; lognormal
 * {@code exp(μ + σZ)} with {@code μ = ln m}, {@code σ = ln(p99/m) / z₀.₉₉}; uniform on {@code [min, max]}.
 * Not thread-safe (it shares the caller's generator; the caller serialises draws).
 */
public final class ServiceTimeSampler {

    /** z of the 99th percentile of the standard normal: the one place this constant is written. */
    public static final double Z99 = 2.3263478740408408;

    private final ServiceTimeSpec.Distribution distribution;
    private final double a;
    private final double b;
    private final RandomGenerator random;

    public ServiceTimeSampler(ServiceTimeSpec spec, RandomGenerator random) {
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
                b = sigma(spec);
            }
            default -> {
                a = spec.min().toNanos();
                b = spec.max().toNanos() - a;
            }
        }
    }

    /**
     * The generator of an upstream's draws for a scenario seed: the simulator's upstream and the live demo upstream
     * seed theirs the same way.
     */
    public static java.util.SplittableRandom randomFor(long seed) {
        return new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** σ of a lognormal spec: {@code ln(p99 / median) / z₀.₉₉}. */
    public static double sigma(ServiceTimeSpec spec) {
        return Math.log((double) spec.p99().toNanos() / spec.median().toNanos()) / Z99;
    }

    /** One service time, nanos, at least 0. */
    public long next() {
        double v = switch (distribution) {
            case CONSTANT -> a;
            case EXPONENTIAL -> a * random.nextExponential();
            case LOGNORMAL -> Math.exp(a + b * random.nextGaussian());
            case UNIFORM -> a + b * random.nextDouble();
        };
        return Math.max(0, Math.round(Math.min(v, 1e15)));
    }
}
