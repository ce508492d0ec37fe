package io.ratelab.report.plot;

import java.util.Arrays;

/**
 * Reduces a series to what one pixel column can show, so a chart draws thousands or millions of points at the cost of
 * its width (the M4 method: per pixel column the first, smallest, largest and last value, in the order they occur).
 * The drawn line has the same envelope as the full one — spikes are never averaged away.
 *
 * <p>Output is in pixels, appended to reusable buffers; a NaN y in the input (a gap) becomes a NaN y in the output,
 * which the renderer treats as "lift the pen". Not thread-safe: one chart owns one decimator and reuses its buffers.
 */
public final class Decimator {

    private double[] px = new double[256];
    private double[] py = new double[256];
    private int size;

    /** Pixel x of the last {@link #decimate} result; valid up to {@link #size()}. */
    public double[] xs() {
        return px;
    }

    /** Pixel y of the last {@link #decimate} result; NaN marks a gap. */
    public double[] ys() {
        return py;
    }

    /** Number of output points of the last {@link #decimate}. */
    public int size() {
        return size;
    }

    /**
     * Maps the points of {@code s} inside {@code [xScale.min(), xScale.max()]} (plus one neighbour on each side, so
     * lines run to the edges) to pixels, keeping at most four per pixel column.
     *
     * @return the number of output points
     */
    public int decimate(ChartSeries s, Scale xScale, Scale yScale) {
        size = 0;
        int from = Math.max(0, lowerBound(s.x(), s.size(), xScale.min()) - 1);
        int to = Math.min(s.size(), upperBound(s.x(), s.size(), xScale.max()) + 1);
        long column = Long.MIN_VALUE;
        int first = -1;
        int min = -1;
        int max = -1;
        int last = -1;
        for (int i = from; i < to; i++) {
            double y = s.y()[i];
            double pixelX = xScale.toPixel(s.x()[i]);
            if (!Double.isFinite(y)) {
                flush(s, xScale, yScale, first, min, max, last);
                first = -1;
                column = Long.MIN_VALUE;
                append(pixelX, Double.NaN);
                continue;
            }
            long c = (long) Math.floor(pixelX);
            if (c != column || first < 0) {
                flush(s, xScale, yScale, first, min, max, last);
                column = c;
                first = min = max = last = i;
            } else {
                last = i;
                if (y < s.y()[min]) {
                    min = i;
                }
                if (y > s.y()[max]) {
                    max = i;
                }
            }
        }
        flush(s, xScale, yScale, first, min, max, last);
        return size;
    }

    private void flush(ChartSeries s, Scale xs, Scale ys, int first, int min, int max, int last) {
        if (first < 0) {
            return;
        }
        emit(s, xs, ys, first);
        int a = Math.min(min, max);
        int b = Math.max(min, max);
        if (a != first) {
            emit(s, xs, ys, a);
        }
        if (b != a && b != first) {
            emit(s, xs, ys, b);
        }
        if (last != b && last != a && last != first) {
            emit(s, xs, ys, last);
        }
    }

    private void emit(ChartSeries s, Scale xs, Scale ys, int i) {
        append(xs.toPixel(s.x()[i]), ys.toPixel(s.y()[i]));
    }

    private void append(double x, double y) {
        if (size == px.length) {
            px = Arrays.copyOf(px, size * 2);
            py = Arrays.copyOf(py, size * 2);
        }
        px[size] = x;
        py[size] = y;
        size++;
    }

    /** The first index whose x is at least {@code v} (x non-decreasing). */
    public static int lowerBound(double[] x, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose x is above {@code v}. */
    public static int upperBound(double[] x, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
