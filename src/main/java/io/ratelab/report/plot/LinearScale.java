package io.ratelab.report.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear scale from {@code [min, max]} to pixels {@code [fromPixel, toPixel]} (which may be reversed, as a y axis
 * is). Ticks are "nice" numbers — 1, 2 or 5 times a power of ten — aiming at about {@code targetTicks} of them.
 */
public final class LinearScale implements Scale {

    private final double min;
    private final double max;
    private final double p0;
    private final double p1;
    private final int targetTicks;
    private final boolean timeSteps;

    /** Steps for elapsed seconds: whole seconds, minutes and hours a reader counts in. */
    private static final double[] TIME_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
            10800, 21600, 43200, 86400};

    /**
     * @param min         the smallest value shown
     * @param max         the largest value shown; when not above {@code min} the domain is widened to one unit
     * @param p0          the pixel of {@code min}
     * @param p1          the pixel of {@code max}
     * @param targetTicks roughly how many ticks the axis has room for (at least 2)
     */
    public LinearScale(double min, double max, double p0, double p1, int targetTicks) {
        this(min, max, p0, p1, targetTicks, false);
    }

    /**
     * A scale whose ticks, when {@code timeSteps}, fall on seconds, minutes and hours (1, 2, 5, 10, 15, 30 s, 1, 2,
     * 5, 10, 15, 30 min, 1 h, ...) for an axis in elapsed seconds.
     */
    public LinearScale(double min, double max, double p0, double p1, int targetTicks, boolean timeSteps) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("domain must be finite, got " + min + ".." + max);
        }
        if (max <= min) {
            max = min + 1;
        }
        this.min = min;
        this.max = max;
        this.p0 = p0;
        this.p1 = p1;
        this.targetTicks = Math.max(2, targetTicks);
        this.timeSteps = timeSteps;
    }

    /** The time step (seconds) nearest above {@code rough}; below one second the decimal steps. */
    public static double timeStep(double rough) {
        if (rough < 1) {
            return niceStep(rough);
        }
        for (double t : TIME_STEPS) {
            if (t >= rough) {
                return t;
            }
        }
        return niceStep(rough / 86400) * 86400;
    }

    /**
     * A domain from {@code 0} (or {@code dataMin} when below 0) to a nice number at or above {@code dataMax}, so
     * that the top tick sits on the top edge.
     */
    public static LinearScale zeroBased(double dataMin, double dataMax, double p0, double p1, int targetTicks) {
        double lo = Math.min(0, dataMin);
        double hi = dataMax <= lo ? lo + 1 : dataMax;
        double step = niceStep((hi - lo) / Math.max(2, targetTicks));
        return new LinearScale(lo, Math.ceil(hi / step - 1e-9) * step, p0, p1, targetTicks);
    }

    /** The nice step (1, 2 or 5 times a power of ten) nearest above {@code rough}. */
    public static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    @Override
    public double toPixel(double value) {
        return p0 + (value - min) / (max - min) * (p1 - p0);
    }

    @Override
    public double fromPixel(double pixel) {
        return min + (pixel - p0) / (p1 - p0) * (max - min);
    }

    @Override
    public List<Tick> ticks(ValueFormat format) {
        double rough = (max - min) / targetTicks;
        double step = timeSteps ? timeStep(rough) : niceStep(rough);
        List<Tick> ticks = new ArrayList<>();
        double first = Math.ceil(min / step - 1e-9) * step;
        for (int i = 0; ; i++) {
            double v = first + i * step;
            if (v > max + step * 1e-9 || i > 1000) {
                break;
            }
            double clean = Math.abs(v) < step * 1e-9 ? 0 : v;
            ticks.add(new Tick(clean, toPixel(clean), format.format(clean, step), true));
        }
        return ticks;
    }

    @Override
    public double min() {
        return min;
    }

    @Override
    public double max() {
        return max;
    }
}
