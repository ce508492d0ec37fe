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

    /** A tick: a data value, its pixel, its label; a major tick gets a grid line and a label. */
    record Tick(double value, double pixel, String label, boolean major) {
    }
}
