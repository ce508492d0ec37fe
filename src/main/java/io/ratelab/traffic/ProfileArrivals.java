package io.ratelab.traffic;

import java.util.random.RandomGenerator;

/**
 * Arrivals under a {@link RateProfile} by time rescaling, bounded by a duration: the {@code k}-th arrival (from 0) is at
 * {@code Λ⁻¹(sₖ)} with {@code sₖ = k} ({@link Spacing#EVEN}) or {@code sₖ = sₖ₋₁ + Exp(1)}, {@code s₀ ~ Exp(1)}
 * ({@link Spacing#POISSON}); arrivals at or after {@code durationNanos} are not produced. Not thread-safe.
 */
final class ProfileArrivals implements ArrivalProcess {

    private final RateProfile profile;
    private final Spacing spacing;
    private final RandomGenerator random;
    private final long durationNanos;
    private double s;
    private long index;
    private boolean ended;

    ProfileArrivals(RateProfile profile, Spacing spacing, RandomGenerator random, long durationNanos) {
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("duration: must be positive, got " + durationNanos + "ns");
        }
        if (spacing == Spacing.POISSON && random == null) {
            throw new IllegalArgumentException("a Poisson process needs a seeded random generator");
        }
        this.profile = profile;
        this.spacing = spacing;
        this.random = random;
        this.durationNanos = durationNanos;
    }

    @Override
    public long nextNanos() {
        if (ended) {
            return END;
        }
        s = spacing == Spacing.EVEN ? index++ : s + random.nextExponential();
        long t = profile.timeOfCount(s);
        if (t >= durationNanos) {
            ended = true;
            return END;
        }
        return t;
    }

    @Override
    public double rateAt(long nanos) {
        return nanos < 0 || nanos >= durationNanos ? 0 : profile.rateAt(nanos);
    }

    @Override
    public String toString() {
        return spacing.id() + " arrivals under " + profile + " for " + durationNanos + "ns";
    }
}
