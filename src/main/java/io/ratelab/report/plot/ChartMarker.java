package io.ratelab.report.plot;

/**
 * Something that happened at a time (or over a span) of a chart's x axis, drawn over its lines: a vertical line with a
 * short label (a limiter swapped mid-run) or a shaded band (the generator catching up on its schedule). Immutable.
 *
 * @param x      where it happened, in the x axis' unit
 * @param toX    where a band ends; equal to {@code x} for a line
 * @param label  a few words drawn at the top of the plot
 * @param detail the whole story, in the chart's hover read-out at that x
 */
public record ChartMarker(double x, double toX, String label, String detail) {

    public ChartMarker {
        if (!(toX >= x)) {
            throw new IllegalArgumentException("a marker ends at or after it starts: " + x + " .. " + toX);
        }
        label = label == null ? "" : label;
        detail = detail == null ? "" : detail;
    }

    /** A vertical line at {@code x}. */
    public static ChartMarker line(double x, String label, String detail) {
        return new ChartMarker(x, x, label, detail);
    }

    /** A shaded band from {@code x} to {@code toX}. */
    public static ChartMarker band(double x, double toX, String label, String detail) {
        return new ChartMarker(x, toX, label, detail);
    }

    /** True for a band, false for a line. */
    public boolean isBand() {
        return toX > x;
    }
}
