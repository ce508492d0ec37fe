package io.ratelab.report.plot;

import java.util.Arrays;

/**
 * A growing series that hands out {@link ChartSeries} views without copying: a view covers a prefix of the arrays
 * that is never written again (appends go past it, growth copies into new arrays, {@link #clear} starts new ones).
 * So a live chart appends the new points of each snapshot and publishes a view in O(1). Single-threaded; views may
 * be read by any thread once published safely.
 */
public final class SeriesBuffer {

    private double[] x = new double[256];
    private double[] y = new double[256];
    private int size;

    /** Appends a point; x must not be below the previous x. */
    public void add(double px, double py) {
        if (size == x.length) {
            x = Arrays.copyOf(x, size * 2);
            y = Arrays.copyOf(y, size * 2);
        }
        x[size] = px;
        y[size] = py;
        size++;
    }

    /** Number of points. */
    public int size() {
        return size;
    }

    /** Drops all points (earlier views keep theirs). */
    public void clear() {
        x = new double[256];
        y = new double[256];
        size = 0;
    }

    /** An immutable view of the points so far. */
    public ChartSeries view(String name, SeriesColor color, boolean dashed) {
        return new ChartSeries(name, color, dashed, x, y, size);
    }
}
