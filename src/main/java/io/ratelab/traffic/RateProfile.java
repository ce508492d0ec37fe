package io.ratelab.traffic;

import java.util.List;

/**
 * An intended arrival rate over time, {@code λ(t)} in events per second, with its integral and the integral's inverse:
 * everything an {@link ArrivalProcess} needs to place arrivals by the time-rescaling theorem.
 *
 * <p>{@code Λ(t) = ∫₀ᵗ λ(u) du} is the expected number of events in {@code [0, t]}. If {@code s₁ < s₂ < …} are the
 * points of a unit-rate process (evenly spaced {@code sₖ = k}, or a Poisson process with Exp(1) gaps), then
 * {@code tₖ = Λ⁻¹(sₖ)} are arrivals at rate {@code λ(t)}: evenly spread in "expected-count time", or a
 * non-homogeneous Poisson process (Brown et al., "The time-rescaling theorem and its application to neural spike train
 * data analysis", 2002). {@code Λ⁻¹(s) = inf{t ≥ 0 : Λ(t) > s}}: the unique solution where the rate is positive,
 * the end of a silent stretch where it is zero.
 *
 * <p>Times are nanoseconds since the start of the run; rates are per second. Implementations are immutable and
 * thread-safe; the factories below validate their arguments and name the bad one.
 */
public interface RateProfile {

    /** Returned by {@link #timeOfCount} when the expected count never reaches {@code s}. */
    long NEVER = Long.MAX_VALUE;

    /** {@code λ(t)}: the intended rate at {@code nanos}, events per second. */
    double rateAt(long nanos);

    /** {@code Λ(t)}: the expected number of events in {@code [0, nanos]}. */
    double expectedCount(long nanos);

    /** {@code Λ⁻¹(s)} in nanos, or {@link #NEVER}. Non-decreasing in {@code s}. */
    long timeOfCount(double s);

    /** The same shape with every rate multiplied by {@code factor > 0} (the superposition of {@code factor} copies). */
    RateProfile scaled(double factor);

    /** {@code λ(t) = r}: {@code Λ(t) = r·t}, {@code Λ⁻¹(s) = s/r}. */
    static RateProfile constant(double ratePerSecond) {
        positive("rate", ratePerSecond);
        return PiecewiseLinearProfile.steps(new long[]{0}, new double[]{ratePerSecond}, 0);
    }

    /**
     * On/off bursts, repeating with period {@code on + off}: {@code λ(t) = onRate} for the first {@code onNanos} of
     * each period, {@code offRate} (may be 0) for the rest. {@code Λ} over whole periods is
     * {@code n·(onRate·on + offRate·off)}.
     */
    static RateProfile bursts(double onRate, double offRate, long onNanos, long offNanos) {
        positive("rate", onRate);
        nonNegative("base", offRate);
        positive("on", onNanos);
        positive("off", offNanos);
        return PiecewiseLinearProfile.steps(new long[]{0, onNanos}, new double[]{onRate, offRate}, onNanos + offNanos);
    }

    /**
     * A linear ramp from {@code fromRate} to {@code toRate} over {@code rampNanos}, then flat at {@code toRate}:
     * {@code λ(t) = a + (b−a)·t/T} for {@code t < T}, so {@code Λ(t) = a·t + (b−a)·t²/(2T)}, inverted per segment by
     * the quadratic formula.
     */
    static RateProfile ramp(double fromRate, double toRate, long rampNanos) {
        nonNegative("from", fromRate);
        nonNegative("rate", toRate);
        positive("over", rampNanos);
        if (fromRate == 0 && toRate == 0) {
            throw new IllegalArgumentException("rate: a ramp from 0 to 0 sends nothing; give a positive rate");
        }
        return PiecewiseLinearProfile.of(new long[]{0, rampNanos}, new double[]{fromRate, toRate},
                new double[]{toRate, toRate}, 0);
    }

    /** {@code λ(t) = before} for {@code t < at}, {@code after} from then on. */
    static RateProfile step(double beforeRate, double afterRate, long atNanos) {
        nonNegative("from", beforeRate);
        nonNegative("rate", afterRate);
        positive("at", atNanos);
        return PiecewiseLinearProfile.steps(new long[]{0, atNanos}, new double[]{beforeRate, afterRate}, 0);
    }

    /** {@code λ(t) = peak} for {@code at ≤ t < at + length}, {@code base} otherwise. */
    static RateProfile spike(double baseRate, double peakRate, long atNanos, long lengthNanos) {
        nonNegative("base", baseRate);
        positive("rate", peakRate);
        nonNegative("at", atNanos);
        positive("length", lengthNanos);
        return PiecewiseLinearProfile.steps(new long[]{0, atNanos, atNanos + lengthNanos},
                new double[]{baseRate, peakRate, baseRate}, 0);
    }

    /**
     * {@code λ(t) = m + A·sin(2πt/P)} with {@code 0 ≤ A ≤ m}: {@code Λ(t) = m·t + A·P/(2π)·(1 − cos(2πt/P))}; one
     * period holds {@code m·P}. The inverse is found by safeguarded Newton iteration inside one period.
     */
    static RateProfile sine(double meanRate, double amplitude, long periodNanos) {
        positive("rate", meanRate);
        nonNegative("amplitude", amplitude);
        positive("period", periodNanos);
        if (amplitude > meanRate) {
            throw new IllegalArgumentException("amplitude: must not exceed the mean rate " + meanRate
                    + " (a rate cannot go negative), got " + amplitude);
        }
        return new SineProfile(meanRate, amplitude, periodNanos);
    }

    /**
     * Piecewise-constant rates: {@code rates[i]} from {@code startsNanos[i]} until the next start; the last holds
     * until the end. The first start must be 0 and starts must increase. See {@link RateSchedule} for the file form.
     */
    static RateProfile schedule(List<RateSchedule.Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("schedule: needs at least one 'seconds,rate' row");
        }
        long[] starts = new long[entries.size()];
        double[] rates = new double[entries.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = entries.get(i).startNanos();
            rates[i] = entries.get(i).ratePerSecond();
        }
        return PiecewiseLinearProfile.steps(starts, rates, 0);
    }

    private static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }

    private static void nonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + ": must be 0 or more, got " + value);
        }
    }
}
