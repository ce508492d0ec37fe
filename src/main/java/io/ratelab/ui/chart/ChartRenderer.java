package io.ratelab.ui.chart;

import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartMarker;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.Decimator;
import io.ratelab.report.plot.MarkerLabels;
import io.ratelab.report.plot.Scale;
import io.ratelab.report.plot.SeriesColor;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import java.util.List;
import java.util.Set;

/**
 * Paints a {@link ChartData} onto a canvas: background, grid, axes with tick labels and titles, the decimated lines,
 * the legend and an optional hover read-out. Confined to the FX thread; it reuses one {@link Decimator} and measures
 * text with one {@link TextFit}.
 */
final class ChartRenderer {

    static final Font TICK_FONT = Font.font("System", 11);
    static final Font LABEL_FONT = Font.font("System", 12);
    static final Font TITLE_FONT = Font.font("System", FontWeight.BOLD, 13);
    private static final double PAD = 10;
    /** Charts shorter than this (pixels) draw their legend smaller. */
    static final double COMPACT_BELOW = 220;
    /** The least plot height a legend may leave before it is squeezed into one row. */
    static final double MIN_PLOT = 60;
    private static final double[] DASH = {6, 4};

    private final Decimator decimator = new Decimator();
    private final TextFit fit = new TextFit();
    private Plot lastPlot;
    private final ChartLegend legend = new ChartLegend(fit);

    /** How this renderer measures and fits text (titles, axis titles, messages, read-outs). */
    TextFit fit() {
        return fit;
    }

    /** The plot rectangle and scales of the last paint, for hit-testing; null before the first. */
    Plot lastPlot() {
        return lastPlot;
    }

    /** Where the last paint put the legend entry of the series named {@code name}, or null. */
    ChartLegend.Entry legendEntry(String name) {
        return legend.entry(name);
    }

    /** The name of the series whose legend entry is at ({@code px}, {@code py}) in the last paint, or null. */
    String legendAt(double px, double py) {
        return legend.nameAt(px, py);
    }

    /** The plot area in pixels and the scales that map into it. */
    record Plot(double left, double top, double right, double bottom, Scale x, Scale y) {
        boolean contains(double px, double py) {
            return px >= left && px <= right && py >= top && py <= bottom;
        }
    }

    /**
     * Paints {@code all}; the series named in {@code hidden} keep their legend entry, greyed, and are left out of the
     * plot, the y range and the read-out.
     */
    void paint(GraphicsContext g, double w, double h, ChartData all, Set<String> hidden, String title,
               ChartPalette p, double hoverX) {
        ChartData data = all.without(hidden);
        g.setFill(p.background());
        g.fillRect(0, 0, w, h);
        double top = PAD;
        if (!title.isEmpty()) {
            text(g, fit.shortened(title, TITLE_FONT, w - 2 * PAD), TITLE_FONT, p.text(), PAD, top, TextAlignment.LEFT,
                    VPos.TOP);
            top += 20;
        }
        // a short chart (a small window) gets a tighter legend, so that its lines keep some room; when even that
        // would leave the plot less than MIN_PLOT (at 1024x700 the percentile chart's three legend rows left none),
        // the legend takes one row, its names shortened to fit it and still apart ("adm… p50", "adm… p99")
        double rowHeight = h < COMPACT_BELOW ? 14 : 18;
        Font legendFont = h < COMPACT_BELOW ? TICK_FONT : LABEL_FONT;
        top += legend.paint(g, all.series(), hidden, p, PAD + 4, top, w - 2 * PAD, rowHeight, legendFont,
                h - PAD - 34 - top, MIN_PLOT);
        double bottom = h - PAD - 34;
        double yLabelWidth = data.yLabel().isEmpty() ? 0 : 18;
        if (bottom - top < 20 || w < 120) {
            return;
        }
        Scale yProbe = Scale.y(data, bottom, top);
        double tickWidth = 0;
        for (Scale.Tick t : yProbe.ticks(data.yFormat())) {
            tickWidth = Math.max(tickWidth, fit.width(t.label(), TICK_FONT));
        }
        double left = PAD + yLabelWidth + tickWidth + 6;
        double right = w - PAD - Math.max(8, lastXLabelHalfWidth(data, left, w - PAD - 8));
        Plot plot = new Plot(left, top + 6, right, bottom, Scale.x(data, left, right), Scale.y(data, bottom, top + 6));
        lastPlot = plot;
        grid(g, plot, data, p);
        axisTitles(g, plot, data, p, h);
        bands(g, plot, data, p);
        lines(g, plot, data, p);
        markerLines(g, plot, data, p);
        if (data.isEmpty()) {
            String message = data.series().isEmpty() && !all.series().isEmpty()
                    ? "Every line is hidden: click a name in the legend to show it" : data.emptyMessage();
            // wrapped to the plot's width: a long message in a narrow chart ran over the y axis' ticks (issue 21)
            List<String> lines = fit.wrapped(message, LABEL_FONT, right - left - 8);
            double lineHeight = LABEL_FONT.getSize() * 1.35;
            double y0 = (plot.top() + bottom) / 2 - (lines.size() - 1) * lineHeight / 2;
            for (int i = 0; i < lines.size(); i++) {
                text(g, lines.get(i), LABEL_FONT, p.mutedText(), (left + right) / 2, y0 + i * lineHeight,
                        TextAlignment.CENTER, VPos.CENTER);
            }
        } else if (hoverX >= left && hoverX <= right) {
            HoverReadout.paint(g, this, plot, data, p, hoverX);
        }
    }

    /** Half the width of the rightmost x tick label, so that it fits inside the canvas. */
    private double lastXLabelHalfWidth(ChartData data, double left, double right) {
        List<Scale.Tick> ticks = Scale.x(data, left, right).ticks(data.xFormat());
        if (ticks.isEmpty()) {
            return 0;
        }
        Scale.Tick last = ticks.get(ticks.size() - 1);
        return right - last.pixel() < 40 ? fit.width(last.label(), TICK_FONT) / 2 + 2 : 0;
    }

    /** Shades the span being dragged over, for zooming. */
    void paintSelection(GraphicsContext g, ChartPalette p, double fromX, double toX) {
        if (lastPlot == null) {
            return;
        }
        double a = Math.max(lastPlot.left(), Math.min(fromX, toX));
        double b = Math.min(lastPlot.right(), Math.max(fromX, toX));
        g.setFill(p.of(io.ratelab.report.plot.SeriesColor.BLUE).deriveColor(0, 1, 1, 0.18));
        g.fillRect(a, lastPlot.top(), b - a, lastPlot.bottom() - lastPlot.top());
    }

    private void grid(GraphicsContext g, Plot plot, ChartData data, ChartPalette p) {
        g.setFill(p.plot());
        g.fillRect(plot.left(), plot.top(), plot.right() - plot.left(), plot.bottom() - plot.top());
        g.setLineWidth(1);
        for (Scale.Tick t : plot.y().ticks(data.yFormat())) {
            double y = snap(t.pixel());
            g.setStroke(p.grid());
            g.strokeLine(plot.left(), y, plot.right(), y);
            text(g, t.label(), TICK_FONT, p.mutedText(), plot.left() - 6, y, TextAlignment.RIGHT, VPos.CENTER);
        }
        double lastLabelRight = Double.NEGATIVE_INFINITY;
        for (Scale.Tick t : plot.x().ticks(data.xFormat())) {
            double x = snap(t.pixel());
            g.setStroke(p.grid());
            if (t.major()) {
                g.strokeLine(x, plot.top(), x, plot.bottom());
            }
            g.setStroke(p.axis());
            g.strokeLine(x, plot.bottom(), x, plot.bottom() + (t.major() ? 5 : 3));
            double half = fit.width(t.label(), TICK_FONT) / 2;
            if (x - half > lastLabelRight + 4) {
                text(g, t.label(), TICK_FONT, t.major() ? p.mutedText() : p.axis(), x, plot.bottom() + 7,
                        TextAlignment.CENTER, VPos.TOP);
                lastLabelRight = x + half;
            }
        }
        g.setStroke(p.axis());
        g.strokeLine(plot.left(), snap(plot.bottom()), plot.right(), snap(plot.bottom()));
        g.strokeLine(snap(plot.left()), plot.top(), snap(plot.left()), plot.bottom());
    }

    private void axisTitles(GraphicsContext g, Plot plot, ChartData data, ChartPalette p, double h) {
        text(g, data.xLabel(), LABEL_FONT, p.text(), (plot.left() + plot.right()) / 2, h - PAD - 2,
                TextAlignment.CENTER, VPos.BOTTOM);
        String yLabel = fit.fitting(data.yLabel(), LABEL_FONT, plot.bottom() - plot.top());
        if (!yLabel.isEmpty()) {
            g.save();
            g.translate(PAD + 6, (plot.top() + plot.bottom()) / 2);
            g.rotate(-90);
            text(g, yLabel, LABEL_FONT, p.text(), 0, 0, TextAlignment.CENTER, VPos.CENTER);
            g.restore();
        }
    }

    /** Shades each band marker (under the lines) and writes its label at the top left inside it. */
    private void bands(GraphicsContext g, Plot plot, ChartData data, ChartPalette p) {
        Color fill = p.of(SeriesColor.AMBER);
        for (ChartMarker m : data.markers()) {
            if (!m.isBand()) {
                continue;
            }
            double a = Math.max(plot.left(), plot.x().toPixel(m.x()));
            double b = Math.min(plot.right(), plot.x().toPixel(m.toX()));
            if (b <= a) {
                continue;
            }
            g.setFill(fill.deriveColor(0, 1, 1, 0.16));
            g.fillRect(a, plot.top(), Math.max(1, b - a), plot.bottom() - plot.top());
            if (b - a > fit.width(m.label(), TICK_FONT) + 4) {
                text(g, m.label(), TICK_FONT, fill, a + 3, plot.top() + 2, TextAlignment.LEFT, VPos.TOP);
            }
        }
    }

    /**
     * Draws each line marker as a dashed vertical rule over the lines with its label beside it at the top; a label
     * that would overlap the previous one moves a row down.
     */
    private void markerLines(GraphicsContext g, Plot plot, ChartData data, ChartPalette p) {
        MarkerLabels labels = new MarkerLabels();
        for (ChartMarker m : data.markers()) {
            double x = plot.x().toPixel(m.x());
            if (m.isBand() || x < plot.left() || x > plot.right()) {
                continue;
            }
            g.setStroke(p.text());
            g.setLineWidth(1);
            g.setLineDashes(3, 3);
            g.strokeLine(snap(x), plot.top(), snap(x), plot.bottom());
            g.setLineDashes(null);
            double w = fit.width(m.label(), TICK_FONT);
            MarkerLabels.Place at = labels.next(x, w, plot.right());
            double y = plot.top() + 2 + at.row() * 14;
            g.setFill(p.plot().deriveColor(0, 1, 1, 0.85));
            g.fillRect(at.from() - 1, y, w + 2, 13);
            text(g, m.label(), TICK_FONT, p.text(), at.anchor(x), y, at.onLeft() ? TextAlignment.RIGHT
                    : TextAlignment.LEFT, VPos.TOP);
        }
    }

    private void lines(GraphicsContext g, Plot plot, ChartData data, ChartPalette p) {
        g.save();
        g.beginPath();
        g.rect(plot.left(), plot.top() - 1, plot.right() - plot.left() + 1, plot.bottom() - plot.top() + 2);
        g.clip();
        g.setLineWidth(1.8);
        for (ChartSeries s : data.series()) {
            int n = decimator.decimate(s, plot.x(), plot.y());
            g.setStroke(p.of(s.color()));
            g.setLineDashes(s.dashed() ? DASH : null);
            strokePolyline(g, decimator.xs(), decimator.ys(), n);
        }
        g.setLineDashes(null);
        g.restore();
    }

    private static void strokePolyline(GraphicsContext g, double[] xs, double[] ys, int n) {
        boolean penDown = false;
        g.beginPath();
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(ys[i])) {
                penDown = false;
            } else if (!penDown) {
                g.moveTo(xs[i], ys[i]);
                penDown = true;
            } else {
                g.lineTo(xs[i], ys[i]);
            }
        }
        g.stroke();
    }

    static void text(GraphicsContext g, String s, Font font, javafx.scene.paint.Color color, double x, double y,
                     TextAlignment align, VPos base) {
        g.setFont(font);
        g.setFill(color);
        g.setTextAlign(align);
        g.setTextBaseline(base);
        g.fillText(s, x, y);
    }

    private static double snap(double v) {
        return Math.floor(v) + 0.5;
    }
}
