package io.ratelab.report.plot;

/**
 * Where a chart's legend entries go: left to right in the order given, a new row when the next entry would pass the
 * legend's width (an entry wider than the whole width keeps a row of its own). The canvas chart and the SVG chart both
 * lay out their legends with it, each measuring its entries its own way. An immutable value.
 */
public final class LegendFlow {

    private final double[] xs;
    private final int[] rowOf;
    private final int rows;

    private LegendFlow(double[] xs, int[] rowOf, int rows) {
        this.xs = xs;
        this.rowOf = rowOf;
        this.rows = rows;
    }

    /** The flow of entries {@code widths} wide (pixels, gaps included) in a legend {@code maxWidth} wide. */
    public static LegendFlow of(double[] widths, double maxWidth) {
        double[] xs = new double[widths.length];
        int[] rowOf = new int[widths.length];
        int row = 0;
        double x = 0;
        for (int i = 0; i < widths.length; i++) {
            if (x > 0 && x + widths[i] > maxWidth) {
                x = 0;
                row++;
            }
            xs[i] = x;
            rowOf[i] = row;
            x += widths[i];
        }
        return new LegendFlow(xs, rowOf, widths.length == 0 ? 0 : row + 1);
    }

    /** How many rows the legend takes; 0 for no entries. */
    public int rows() {
        return rows;
    }

    /** Entry {@code i}'s left edge, from the legend's left edge. */
    public double x(int i) {
        return xs[i];
    }

    /** Entry {@code i}'s row, 0 the first. */
    public int row(int i) {
        return rowOf[i];
    }
}
