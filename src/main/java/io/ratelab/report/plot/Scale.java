package io.ratelab.report.plot;

import java.util.List;

/**
 * Maps data values on one axis to pixels and proposes readable ticks. Pure arithmetic, no JavaFX, so it is tested
 * without the toolkit. Immutable and thread-safe.
 */
public interface Scale {

    /** The pixel position of {@code value}; values outside the domain map outside the pixel range. */
    double toPixel(double value);

    /** The data value at pixel {@code pixel}. */
    double fromPixel(double pixel);

    /** Ticks inside the domain, in increasing value order, labelled with {@code format}. */
    List<Tick> ticks(ValueFormat format);

    /** The smallest data value shown. */
    double min();

    /** The largest data value shown. */
    double max();

    /**
     * The x scale a chart of {@code data} uses from pixel {@code left} to {@code right}: percentiles on a percentile
     * axis, else linear (time ticks on a time axis) with a tick about every 90 pixels. The canvas and the SVG chart
     * both take theirs from here.
     */
    static Scale x(ChartData data, double left, double right) {
        if (data.xKind() == AxisKind.PERCENTILE) {
            return new PercentileScale(data.xMax(), left, right);
        }
        return new LinearScale(data.xMin(), data.xMax(), left, right, Math.max(2, (int) ((right - left) / 90)),
                data.xFormat().isTime());
    }

    /**
     * The y scale a chart of {@code data} uses from pixel {@code bottom} up to {@code top}: from zero (or below, for
     * negative values) to 5% above the largest value, a tick about every 45 pixels.
     */
    static Scale y(ChartData data, double bottom, double top) {
        return LinearScale.zeroBased(data.minY(), data.maxY() * 1.05, bottom, top,
                Math.max(2, (int) ((bottom - top) / 45)));
    }

    /** A tick: a data value, its pixel, its label; a major tick gets a grid line and a label. */
    record Tick(double value, double pixel, String label, boolean major) {
    }
}
