package io.ratelab.ui.chart;

import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartMarker;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.Decimator;
import io.ratelab.report.plot.ValueFormat;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The mouse read-out of a chart: a vertical rule at the pointer and a box with each series' value at the nearest
 * point, so exact numbers can be read off a dense chart. FX thread only.
 */
final class HoverReadout {

    private HoverReadout() {
    }

    static void paint(GraphicsContext g, ChartRenderer renderer, ChartRenderer.Plot plot, ChartData data, ChartPalette p, double hoverX) {
        double x = plot.x().fromPixel(hoverX);
        List<String> lines = new ArrayList<>();
        List<ChartSeries> shown = new ArrayList<>();
        double xStep = Math.max(1e-9, Math.abs(plot.x().fromPixel(hoverX + 1) - x));
        lines.add(data.xKind() == AxisKind.PERCENTILE ? ValueFormat.percent().format(x, percentileStep(x))
                : data.xFormat().format(x, Math.min(1, xStep)));
        for (ChartSeries s : data.series()) {
            int i = nearest(s, x);
            if (i >= 0 && Double.isFinite(s.y()[i])) {
                double yStep = Math.abs(plot.y().fromPixel(0) - plot.y().fromPixel(1));
                lines.add(s.name() + ": " + data.yFormat().format(s.y()[i], Math.max(yStep, 1e-6)));
                shown.add(s);
            }
        }
        int seriesLines = lines.size();
        for (ChartMarker m : data.markers()) {
            double a = plot.x().toPixel(m.x());
            double b = plot.x().toPixel(m.toX());
            if (hoverX >= a - 4 && hoverX <= b + 4) {
                lines.addAll(wrap(m.label() + (m.detail().isEmpty() ? "" : ": " + m.detail()), 64));
            }
        }
        g.setStroke(p.axis());
        g.setLineWidth(1);
        g.strokeLine(Math.floor(hoverX) + 0.5, plot.top(), Math.floor(hoverX) + 0.5, plot.bottom());
        double w = 0;
        for (String l : lines) {
            w = Math.max(w, renderer.fit().width(l, ChartRenderer.TICK_FONT));
        }
        w += 24;
        double h = lines.size() * 16 + 8;
        double bx = hoverX + 12 + w > plot.right() ? hoverX - 12 - w : hoverX + 12;
        double by = plot.top() + 8;
        g.setFill(p.background().deriveColor(0, 1, 1, 0.92));
        g.fillRoundRect(bx, by, w, h, 6, 6);
        g.setStroke(p.grid());
        g.strokeRoundRect(bx, by, w, h, 6, 6);
        for (int i = 0; i < lines.size(); i++) {
            double ly = by + 12 + i * 16;
            if (i > 0 && i < seriesLines) {
                g.setFill(p.of(shown.get(i - 1).color()));
                g.fillRect(bx + 6, ly - 4, 8, 8);
            }
            ChartRenderer.text(g, lines.get(i), ChartRenderer.TICK_FONT, i == 0 || i >= seriesLines ? p.mutedText()
                    : p.text(), bx + (i == 0 || i >= seriesLines ? 6 : 18), ly, TextAlignment.LEFT, VPos.CENTER);
        }
    }

    /** {@code text} cut at spaces into lines of at most about {@code width} characters. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }

    private static double percentileStep(double percentile) {
        double rest = 100 - percentile;
        return rest >= 10 ? 1 : rest >= 1 ? 0.1 : rest >= 0.1 ? 0.01 : 0.001;
    }

    /** The index of the point of {@code s} whose x is nearest {@code x}, or -1 for an empty series. */
    static int nearest(ChartSeries s, double x) {
        if (s.size() == 0) {
            return -1;
        }
        int i = Decimator.lowerBound(s.x(), s.size(), x);
        if (i >= s.size()) {
            return s.size() - 1;
        }
        if (i > 0 && x - s.x()[i - 1] < s.x()[i] - x) {
            return i - 1;
        }
        return i;
    }
}
