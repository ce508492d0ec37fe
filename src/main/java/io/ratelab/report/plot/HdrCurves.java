package io.ratelab.report.plot;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The percentile distribution of an HdrHistogram as a chart line, the way HdrHistogram's own plotter draws it: x is the
 * percentile (for a {@link AxisKind#PERCENTILE} axis), y the latency in milliseconds at that percentile.
 */
public final class HdrCurves {

    /** Steps per halving of the remaining distance to 100%, as in {@code outputPercentileDistribution(…, 5, …)}. */
    static final int TICKS_PER_HALF_DISTANCE = 5;

    private HdrCurves() {
    }

    /**
     * The percentile curve of {@code histogram} (values in nanoseconds), y in milliseconds; empty when the histogram
     * is. Percentiles above {@code maxPercentile} are cut there (the last point is the value at it).
     */
    public static ChartSeries percentileCurve(AbstractHistogram histogram, String name, SeriesColor color,
                                              boolean dashed, double maxPercentile) {
        SeriesBuffer b = new SeriesBuffer();
        if (histogram.getTotalCount() > 0) {
            for (HistogramIterationValue v : histogram.percentiles(TICKS_PER_HALF_DISTANCE)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p > maxPercentile) {
                    break;
                }
                b.add(p, v.getValueIteratedTo() / 1e6);
            }
            b.add(maxPercentile, histogram.getValueAtPercentile(maxPercentile) / 1e6);
        }
        return b.view(name, color, dashed);
    }
}
