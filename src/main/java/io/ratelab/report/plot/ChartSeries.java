package io.ratelab.report.plot;

import java.util.Arrays;

/**
 * One line of a chart: {@code size} points {@code (x[i], y[i])} with {@code x} non-decreasing. Immutable once built:
 * the arrays are owned by the series and never written after construction, so a series built on a background thread
 * may be handed to the FX thread through a volatile or a property.
 *
 * @param name   legend text
 * @param color  the colour by name
 * @param dashed drawn dashed (a secondary line such as "raw" next to "corrected", or a target)
 * @param x      x values, non-decreasing; only the first {@code size} are used
 * @param y      y values; NaN leaves a gap
 * @param size   number of points used
 */
public record ChartSeries(String name, SeriesColor color, boolean dashed, double[] x, double[] y, int size) {

    public ChartSeries {
        if (name == null || color == null || x == null || y == null) {
            throw new IllegalArgumentException("name, color, x and y are required");
        }
        if (size < 0 || size > x.length || size > y.length) {
            throw new IllegalArgumentException("size " + size + " does not fit x[" + x.length + "], y[" + y.length + "]");
        }
    }

    /** A series over all of {@code x} and {@code y} (which must have the same length); the arrays are copied. */
    public static ChartSeries of(String name, SeriesColor color, boolean dashed, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
        }
        return new ChartSeries(name, color, dashed, x.clone(), y.clone(), x.length);
    }

    /** The largest finite y, or NaN when there is none. */
    public double maxY() {
        double m = Double.NaN;
        for (int i = 0; i < size; i++) {
            if (Double.isFinite(y[i]) && !(y[i] <= m)) {
                m = y[i];
            }
        }
        return m;
    }

    /** The smallest finite y, or NaN when there is none. */
    public double minY() {
        double m = Double.NaN;
        for (int i = 0; i < size; i++) {
            if (Double.isFinite(y[i]) && !(y[i] >= m)) {
                m = y[i];
            }
        }
        return m;
    }

    /** The last y, or NaN when empty. */
    public double lastY() {
        return size == 0 ? Double.NaN : y[size - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChartSeries s && s.name.equals(name) && s.color == color && s.dashed == dashed
                && s.size == size && Arrays.equals(s.x, 0, s.size, x, 0, size)
                && Arrays.equals(s.y, 0, s.size, y, 0, size);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + size;
    }

    @Override
    public String toString() {
        return "ChartSeries[" + name + ", " + size + " points]";
    }
}
