package io.ratelab.report.plot;

import java.util.List;
import java.util.Set;

/**
 * Everything a {@link CanvasChart} draws: the axes' kind, labels and formats, and the series. An immutable value that
 * view models publish through a property; the chart redraws when a new one arrives.
 *
 * @param xKind         linear or percentile x axis
 * @param xLabel        x axis title with its unit, e.g. {@code time}
 * @param yLabel        y axis title with its unit, e.g. {@code requests / s}
 * @param xFormat       tick labels on x
 * @param yFormat       tick labels on y
 * @param xMin          left edge (ignored on a percentile axis, which starts at 0%)
 * @param xMax          right edge: the last x of a time axis, or the largest percentile (99.999)
 * @param series        the lines, drawn in order, listed in the legend in order
 * @param emptyMessage  shown in the plot area while no series has a point
 * @param markers       events and spans drawn over the lines (a limiter swap, a catch-up), in x order
 */
public record ChartData(AxisKind xKind, String xLabel, String yLabel, ValueFormat xFormat, ValueFormat yFormat,
                        double xMin, double xMax, List<ChartSeries> series, String emptyMessage,
                        List<ChartMarker> markers) {

    public ChartData {
        if (xKind == null || xFormat == null || yFormat == null) {
            throw new IllegalArgumentException("xKind and formats are required");
        }
        xLabel = xLabel == null ? "" : xLabel;
        yLabel = yLabel == null ? "" : yLabel;
        series = List.copyOf(series);
        emptyMessage = emptyMessage == null ? "" : emptyMessage;
        markers = markers == null ? List.of() : List.copyOf(markers);
    }

    /** A chart without markers. */
    public ChartData(AxisKind xKind, String xLabel, String yLabel, ValueFormat xFormat, ValueFormat yFormat,
                     double xMin, double xMax, List<ChartSeries> series, String emptyMessage) {
        this(xKind, xLabel, yLabel, xFormat, yFormat, xMin, xMax, series, emptyMessage, List.of());
    }

    /** A chart with axes and no lines yet, showing {@code message}. */
    public static ChartData empty(AxisKind kind, String xLabel, String yLabel, ValueFormat xFormat,
                                  ValueFormat yFormat, String message) {
        double xMax = kind == AxisKind.PERCENTILE ? 99.999 : 60;
        return new ChartData(kind, xLabel, yLabel, xFormat, yFormat, 0, xMax, List.of(), message);
    }

    /** True when no series has a point. */
    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.size() == 0);
    }

    /** The largest finite y over all series, or 0. */
    public double maxY() {
        double m = 0;
        for (ChartSeries s : series) {
            double v = s.maxY();
            if (v > m) {
                m = v;
            }
        }
        return m;
    }

    /** The smallest finite y over all series, or 0 when none is below 0. */
    public double minY() {
        double m = 0;
        for (ChartSeries s : series) {
            double v = s.minY();
            if (v < m) {
                m = v;
            }
        }
        return m;
    }

    /**
     * The part of a linear chart between {@code lo} and {@code hi} (plus one point each side so lines reach the
     * edges), for a zoomed view; its y range then fits what is visible. A percentile chart is returned unchanged.
     */
    public ChartData zoomed(double lo, double hi) {
        if (xKind != AxisKind.LINEAR || !(hi > lo)) {
            return this;
        }
        List<ChartSeries> cut = new java.util.ArrayList<>();
        for (ChartSeries s : series) {
            int from = Math.max(0, Decimator.lowerBound(s.x(), s.size(), lo) - 1);
            int to = Math.min(s.size(), Decimator.upperBound(s.x(), s.size(), hi) + 1);
            double[] x = java.util.Arrays.copyOfRange(s.x(), from, Math.max(from, to));
            double[] y = java.util.Arrays.copyOfRange(s.y(), from, Math.max(from, to));
            cut.add(new ChartSeries(s.name(), s.color(), s.dashed(), x, y, x.length));
        }
        return withSeries(cut, lo, hi);
    }

    /** The same chart without the series named in {@code names} (lines a user hid); its y range fits the rest. */
    public ChartData without(Set<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        return withSeries(series.stream().filter(s -> !names.contains(s.name())).toList(), xMin, xMax);
    }

    /** The same chart with other series (and the same markers). */
    public ChartData withSeries(List<ChartSeries> newSeries, double newXMin, double newXMax) {
        return new ChartData(xKind, xLabel, yLabel, xFormat, yFormat, newXMin, newXMax, newSeries, emptyMessage,
                markers);
    }

    /** The same chart with other markers. */
    public ChartData withMarkers(List<ChartMarker> newMarkers) {
        return new ChartData(xKind, xLabel, yLabel, xFormat, yFormat, xMin, xMax, series, emptyMessage, newMarkers);
    }
}
