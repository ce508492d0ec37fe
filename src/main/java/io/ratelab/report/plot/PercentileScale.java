package io.ratelab.report.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * The x axis of an HdrHistogram percentile plot: percentiles from 0 to {@code maxPercentile} (e.g. 99.999) on a scale
 * logarithmic in the "1 in N" form, so that 90%, 99%, 99.9% and 99.99% sit equally far apart.
 *
 * <p>A percentile {@code p} is placed at {@code log10(1 / (1 - p/100))}: 0% at 0, 90% at 1, 99% at 2, 99.9% at 3.
 * This is the transform HdrHistogram's {@code outputPercentileDistribution} plots use ("1/(1-Percentile)" column).
 * Values passed to {@link #toPixel} are percentiles in {@code [0, 100)}.
 */
public final class PercentileScale implements Scale {

    private final double maxPercentile;
    private final double maxDecades;
    private final double p0;
    private final double p1;

    /**
     * @param maxPercentile the right edge, below 100 (99.999 for five nines)
     * @param p0            pixel of 0%
     * @param p1            pixel of {@code maxPercentile}
     */
    public PercentileScale(double maxPercentile, double p0, double p1) {
        if (!(maxPercentile > 0 && maxPercentile < 100)) {
            throw new IllegalArgumentException("maxPercentile must be in (0, 100), got " + maxPercentile);
        }
        this.maxPercentile = maxPercentile;
        this.maxDecades = decades(maxPercentile);
        this.p0 = p0;
        this.p1 = p1;
    }

    /** {@code log10(1 / (1 - p/100))}: the number of "nines" of a percentile, continuous. */
    public static double decades(double percentile) {
        double clamped = Math.min(Math.max(percentile, 0), 99.9999999);
        return -Math.log10(1 - clamped / 100);
    }

    @Override
    public double toPixel(double percentile) {
        return p0 + decades(percentile) / maxDecades * (p1 - p0);
    }

    @Override
    public double fromPixel(double pixel) {
        double d = (pixel - p0) / (p1 - p0) * maxDecades;
        return 100 * (1 - Math.pow(10, -d));
    }

    /** Ticks at 0%, 90%, 99%, 99.9%, ... up to the maximum, with 50% as a minor tick. */
    @Override
    public List<Tick> ticks(ValueFormat format) {
        List<Tick> ticks = new ArrayList<>();
        ticks.add(new Tick(0, toPixel(0), "0%", true));
        ticks.add(new Tick(50, toPixel(50), "50%", false));
        double p = 90;
        for (int nines = 1; p <= maxPercentile + 1e-9; nines++) {
            ticks.add(new Tick(p, toPixel(p), label(nines), true));
            p = 100 - (100 - p) / 10;
        }
        return ticks;
    }

    /** 90%, 99%, 99.9%, 99.99%, ... for one, two, three, four nines. */
    static String label(int nines) {
        if (nines == 1) {
            return "90%";
        }
        return "99" + (nines > 2 ? "." + "9".repeat(nines - 2) : "") + "%";
    }

    @Override
    public double min() {
        return 0;
    }

    @Override
    public double max() {
        return maxPercentile;
    }
}
