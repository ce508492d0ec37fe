package io.ratelab.traffic;

import java.util.Arrays;

/**
 * A rate that is linear within segments: segment {@code i} starts at {@code tᵢ} with rate {@code aᵢ} and ends (just
 * before {@code tᵢ₊₁}) at rate {@code bᵢ}; steps are segments with {@code aᵢ = bᵢ}. The last segment lasts forever at
 * a constant rate, unless the profile repeats with period {@code P} (then the last segment ends at {@code P}).
 *
 * <p>With {@code u} seconds into segment {@code i} of length {@code L} and slope {@code k = (bᵢ − aᵢ)/L}:
 * {@code λ = aᵢ + k·u}, {@code Λ = Cᵢ + aᵢ·u + k·u²/2} where {@code Cᵢ = Λ(tᵢ)}. Solving {@code Λ = s} for
 * {@code Δ = s − Cᵢ} gives {@code u = Δ/aᵢ} when {@code k = 0}, else the cancellation-free root
 * {@code u = 2Δ / (aᵢ + √(aᵢ² + 2kΔ))}. A periodic profile holds {@code C_P} per period, so
 * {@code Λ⁻¹(s) = n·P + Λ⁻¹(s − n·C_P)} with {@code n = ⌊s / C_P⌋}. Immutable.
 */
final class PiecewiseLinearProfile implements RateProfile {

    private final long[] starts;
    private final double[] startRates;
    private final double[] endRates;
    private final long periodNanos;
    private final double[] cumulative;
    private final double perPeriod;
    /** The rate of a profile that is one flat, endless segment (the common constant case), else 0. */
    private final double flatRate;

    private PiecewiseLinearProfile(long[] starts, double[] startRates, double[] endRates, long periodNanos) {
        this.starts = starts;
        this.startRates = startRates;
        this.endRates = endRates;
        this.periodNanos = periodNanos;
        this.cumulative = new double[starts.length + 1];
        for (int i = 0; i < starts.length; i++) {
            cumulative[i + 1] = cumulative[i] + (i + 1 < starts.length || periodNanos > 0
                    ? (startRates[i] + endRates[i]) / 2 * seconds(end(i) - starts[i]) : 0);
        }
        this.perPeriod = cumulative[starts.length];
        this.flatRate = starts.length == 1 && periodNanos == 0 ? startRates[0] : 0;
    }

    /** Constant rates {@code rates[i]} from {@code starts[i]}; {@code periodNanos = 0} for no repetition. */
    static PiecewiseLinearProfile steps(long[] starts, double[] rates, long periodNanos) {
        return of(starts, rates, rates, periodNanos);
    }

    static PiecewiseLinearProfile of(long[] starts, double[] startRates, double[] endRates, long periodNanos) {
        if (starts.length == 0 || starts[0] != 0) {
            throw new IllegalArgumentException("schedule: the first segment must start at 0");
        }
        for (int i = 1; i < starts.length; i++) {
            if (starts[i] <= starts[i - 1]) {
                throw new IllegalArgumentException("schedule: segment starts must increase, got "
                        + starts[i - 1] + "ns then " + starts[i] + "ns");
            }
        }
        int last = starts.length - 1;
        if (periodNanos == 0 && startRates[last] != endRates[last]) {
            throw new IllegalArgumentException("schedule: the last segment of a non-repeating profile must be flat");
        }
        if (periodNanos < 0 || periodNanos > 0 && periodNanos <= starts[last]) {
            throw new IllegalArgumentException("period: must exceed the last segment start, got " + periodNanos);
        }
        double total = 0;
        for (int i = 0; i <= last; i++) {
            total += startRates[i] + endRates[i];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("rate: the profile is zero everywhere; give a positive rate");
        }
        return new PiecewiseLinearProfile(starts.clone(), startRates.clone(), endRates.clone(), periodNanos);
    }

    @Override
    public double rateAt(long nanos) {
        long t = local(nanos);
        int i = segmentAt(t);
        if (startRates[i] == endRates[i]) {
            return startRates[i];
        }
        double f = (double) (t - starts[i]) / (end(i) - starts[i]);
        return startRates[i] + (endRates[i] - startRates[i]) * f;
    }

    @Override
    public double expectedCount(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        double periods = periodNanos > 0 ? Math.floor((double) (nanos / periodNanos)) : 0;
        long t = local(nanos);
        int i = segmentAt(t);
        double u = seconds(t - starts[i]);
        return periods * perPeriod + cumulative[i] + startRates[i] * u + slope(i) * u * u / 2;
    }

    @Override
    public long timeOfCount(double s) {
        if (s < 0) {
            s = 0;
        }
        if (flatRate > 0) {
            double nanos = s / flatRate * 1e9;
            return nanos >= NEVER / 2.0 ? NEVER : Math.round(nanos);
        }
        long offset = 0;
        if (periodNanos > 0) {
            double n = Math.floor(s / perPeriod);
            s -= n * perPeriod;
            if (s >= perPeriod) {
                s = 0;
                n++;
            }
            if (n * periodNanos >= NEVER / 2.0) {
                return NEVER;
            }
            offset = (long) n * periodNanos;
        }
        int i = segmentOfCount(s);
        double delta = s - cumulative[i];
        double a = startRates[i];
        double k = slope(i);
        double u;
        if (k == 0) {
            if (a == 0) {
                return NEVER;
            }
            u = delta / a;
        } else {
            double root = Math.sqrt(Math.max(0, a * a + 2 * k * delta));
            u = a + root == 0 ? 0 : 2 * delta / (a + root);
        }
        double nanos = offset + starts[i] + u * 1e9;
        if (nanos >= NEVER / 2.0) {
            return NEVER;
        }
        long t = Math.round(nanos);
        return i + 1 < starts.length ? Math.min(t, offset + starts[i + 1]) : t;
    }

    @Override
    public RateProfile scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale factor must be positive, got " + factor);
        }
        double[] a = startRates.clone();
        double[] b = endRates.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
            b[i] *= factor;
        }
        return new PiecewiseLinearProfile(starts, a, b, periodNanos);
    }

    /** The largest segment whose cumulative count is at most {@code s}, skipping to the end of zero-rate stretches. */
    private int segmentOfCount(double s) {
        int last = starts.length - 1;
        int i = Arrays.binarySearch(cumulative, 0, starts.length, s);
        if (i < 0) {
            i = -i - 2;
        }
        while (i < last && cumulative[i + 1] <= s) {
            i++;
        }
        return Math.max(0, Math.min(i, last));
    }

    private int segmentAt(long localNanos) {
        int i = Arrays.binarySearch(starts, localNanos);
        return i >= 0 ? i : -i - 2;
    }

    private long local(long nanos) {
        return periodNanos > 0 ? Math.floorMod(nanos, periodNanos) : Math.max(0, nanos);
    }

    private long end(int i) {
        return i + 1 < starts.length ? starts[i + 1] : periodNanos;
    }

    private double slope(int i) {
        return startRates[i] == endRates[i] ? 0 : (endRates[i] - startRates[i]) / seconds(end(i) - starts[i]);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Override
    public String toString() {
        return "piecewise-linear(starts=" + Arrays.toString(starts) + ", rates=" + Arrays.toString(startRates)
                + "→" + Arrays.toString(endRates) + (periodNanos > 0 ? ", period=" + periodNanos + "ns" : "") + ")";
    }
}
