package io.ratelab.traffic;

/**
 * {@code λ(t) = m + A·sin(2πt/P)}, {@code 0 ≤ A ≤ m}: a diurnal-style wave around the mean {@code m}.
 *
 * <p>{@code Λ(t) = m·t + A·P/(2π)·(1 − cos(2πt/P))}, so one period holds {@code m·P} and
 * {@code Λ⁻¹(s) = n·P + τ} with {@code n = ⌊s/(m·P)⌋} and {@code τ ∈ [0, P)} the root of
 * {@code Λ(τ) = s − n·m·P}, found by Newton's method kept inside a shrinking bracket (bisection when a Newton step
 * leaves it; {@code Λ} is non-decreasing, so the bracket always holds the root). Converges to 1 ns. Immutable.
 */
final class SineProfile implements RateProfile {

    private final double mean;
    private final double amplitude;
    private final long periodNanos;
    private final double periodSeconds;
    private final double perPeriod;

    SineProfile(double mean, double amplitude, long periodNanos) {
        this.mean = mean;
        this.amplitude = amplitude;
        this.periodNanos = periodNanos;
        this.periodSeconds = periodNanos / 1e9;
        this.perPeriod = mean * periodSeconds;
    }

    @Override
    public double rateAt(long nanos) {
        return mean + amplitude * Math.sin(2 * Math.PI * Math.floorMod(nanos, periodNanos) / periodNanos);
    }

    @Override
    public double expectedCount(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long n = nanos / periodNanos;
        return n * perPeriod + withinPeriod(nanos % periodNanos / 1e9);
    }

    @Override
    public long timeOfCount(double s) {
        if (s <= 0) {
            return 0;
        }
        double n = Math.floor(s / perPeriod);
        double target = s - n * perPeriod;
        if (n * periodNanos >= NEVER / 2.0) {
            return NEVER;
        }
        double lo = 0;
        double hi = periodSeconds;
        double tau = target / mean;
        for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
            double f = withinPeriod(tau) - target;
            if (Math.abs(f) < 1e-12 * Math.max(1, target)) {
                break;
            }
            if (f > 0) {
                hi = tau;
            } else {
                lo = tau;
            }
            double rate = mean + amplitude * Math.sin(2 * Math.PI * tau / periodSeconds);
            double next = rate > 0 ? tau - f / rate : Double.NaN;
            tau = next > lo && next < hi ? next : (lo + hi) / 2;
        }
        return (long) n * periodNanos + Math.round(tau * 1e9);
    }

    @Override
    public RateProfile scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale factor must be positive, got " + factor);
        }
        return new SineProfile(mean * factor, amplitude * factor, periodNanos);
    }

    private double withinPeriod(double tauSeconds) {
        return mean * tauSeconds
                + amplitude * periodSeconds / (2 * Math.PI) * (1 - Math.cos(2 * Math.PI * tauSeconds / periodSeconds));
    }

    @Override
    public String toString() {
        return "sine(mean=" + mean + "/s, amplitude=" + amplitude + "/s, period=" + periodNanos + "ns)";
    }
}
