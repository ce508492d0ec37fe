package io.ratelab.report.plot;

/** How a chart's x axis maps values: linear, or the HdrHistogram percentile scale. */
public enum AxisKind {
    /** Linear in x (time, counts). */
    LINEAR,
    /** x is a percentile in [0, 100), placed on the "number of nines" log scale ({@link PercentileScale}). */
    PERCENTILE
}
