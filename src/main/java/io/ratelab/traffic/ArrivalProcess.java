package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/**
 * A pure, seeded sequence of intended send times, the way Hyperfoil's fire-time sequences work: the simulator replays
 * it in virtual time and the live generator schedules real requests at the same instants (measuring latency from the
 * intended time, free of coordinated omission).
 *
 * <p>Times are nanoseconds since the start of the run, non-decreasing. Not thread-safe: one consumer advances it.
 * Implementations are built by the static factories of this package and are deterministic for a given seed.
 *
 * <p>The factories place arrivals under a {@link RateProfile} by the time-rescaling theorem (see there for the math):
 * <pre>{@code
 * ArrivalProcess metronome = ArrivalProcess.constant(100, 60_000_000_000L);            // 0, 10ms, 20ms, ...
 * ArrivalProcess poisson = ArrivalProcess.poisson(new SplittableRandom(42), 100, 60_000_000_000L);
 * ArrivalProcess diurnal = ArrivalProcess.of(RateProfile.sine(100, 80, 86_400_000_000_000L), Spacing.POISSON,
 *         new SplittableRandom(42), 86_400_000_000_000L);
 * for (long t = poisson.nextNanos(); t != ArrivalProcess.END; t = poisson.nextNanos()) { ... }
 * }</pre>
 */
public interface ArrivalProcess {

    /** Returned by {@link #nextNanos()} when the process has no more arrivals. */
    long END = Long.MAX_VALUE;

    /** The next intended send time, or {@link #END}. */
    long nextNanos();

    /** The intended average rate at {@code nanos} since start, in events per second (for targets and charts). */
    double rateAt(long nanos);

    /**
     * Arrivals under {@code profile} in {@code [0, durationNanos)}.
     *
     * @param random the seeded source for {@link Spacing#POISSON}; unused (may be null) for {@link Spacing#EVEN}
     */
    static ArrivalProcess of(RateProfile profile, Spacing spacing, RandomGenerator random, long durationNanos) {
        return new ProfileArrivals(profile, spacing, random, durationNanos);
    }

    /** Evenly spaced at {@code ratePerSecond}: the {@code k}-th arrival at {@code k/rate}, starting at 0. */
    static ArrivalProcess constant(double ratePerSecond, long durationNanos) {
        return of(RateProfile.constant(ratePerSecond), Spacing.EVEN, null, durationNanos);
    }

    /**
     * A homogeneous Poisson process at rate {@code λ}: independent Exp(λ) gaps (mean {@code 1/λ}, variance
     * {@code 1/λ²}), so the count in {@code [0, T)} is Poisson with mean and variance {@code λT}.
     */
    static ArrivalProcess poisson(RandomGenerator random, double ratePerSecond, long durationNanos) {
        return of(RateProfile.constant(ratePerSecond), Spacing.POISSON, random, durationNanos);
    }
}
