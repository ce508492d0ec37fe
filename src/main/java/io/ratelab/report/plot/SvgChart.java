package io.ratelab.report.plot;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ChartData} as a self-contained SVG element for HTML reports: the same axes, ticks, units, legend
 * and decimated lines as the workbench's canvas chart, in the light palette, with no script and no external
 * resource. Text widths are estimated (no font metrics outside a toolkit), generously, so labels do not collide.
 * Markers are drawn as the canvas chart draws them: a band shaded under the lines, a line marker (a limiter swap) as a
 * dashed rule over them with its label at the top; each carries its detail as an SVG {@code <title>}, the browser's
 * tooltip.
 * Stateless apart from its decimator; not thread-safe.
 */
public final class SvgChart {

    private static final double PAD = 10;
    private static final double CHAR_WIDTH = 6.6;
    private final Decimator decimator = new Decimator();

    /** The SVG markup of {@code data}, {@code width} x {@code height} pixels, with {@code title} on top. */
    public String render(ChartData data, String title, int width, int height) {
        StringBuilder b = new StringBuilder(8192);
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"system-ui, sans-serif\" role=\"img\">", width, height,
                width, height));
        b.append("<title>").append(escape(title)).append("</title>");
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>", width, height));
        double top = PAD;
        text(b, PAD, top + 12, title, 13, "#1f2630", "start", "bold");
        top += 22;
        top += legend(b, data.series(), PAD + 4, top, width - 2 * PAD);
        double bottom = height - PAD - 34;
        double tickWidth = 0;
        Scale yProbe = Scale.y(data, bottom, top + 6);
        for (Scale.Tick t : yProbe.ticks(data.yFormat())) {
            tickWidth = Math.max(tickWidth, t.label().length() * CHAR_WIDTH);
        }
        double left = PAD + (data.yLabel().isEmpty() ? 0 : 18) + tickWidth + 6;
        double right = width - PAD - 8 - lastXLabelHalf(data, left, width - PAD - 8);
        Scale x = Scale.x(data, left, right);
        Scale y = Scale.y(data, bottom, top + 6);
        axes(b, data, x, y, left, right, top + 6, bottom, height);
        bands(b, data, x, left, right, top + 6, bottom);
        lines(b, data, x, y);
        markerLines(b, data, x, left, right, top + 6, bottom);
        if (data.isEmpty()) {
            List<String> rows = LineBreaks.wrapped(data.emptyMessage(), t -> t.length() * CHAR_WIDTH, right - left - 8);
            double y0 = (top + bottom) / 2 - (rows.size() - 1) * 8;
            for (int i = 0; i < rows.size(); i++) {
                text(b, (left + right) / 2, y0 + i * 16, rows.get(i), 12, "#5b6573", "middle", "normal");
            }
        }
        return b.append("</svg>").toString();
    }

    private static double lastXLabelHalf(ChartData data, double left, double right) {
        List<Scale.Tick> ticks = Scale.x(data, left, right).ticks(data.xFormat());
        if (ticks.isEmpty()) {
            return 0;
        }
        Scale.Tick last = ticks.get(ticks.size() - 1);
        return right - last.pixel() < 40 ? last.label().length() * CHAR_WIDTH / 2 + 2 : 0;
    }

    private static void axes(StringBuilder b, ChartData data, Scale x, Scale y, double left, double right,
                             double top, double bottom, int height) {
        rect(b, left, top, right - left, bottom - top, "#fbfcfd");
        for (Scale.Tick t : y.ticks(data.yFormat())) {
            line(b, left, t.pixel(), right, t.pixel(), "#e4e8ee");
            text(b, left - 6, t.pixel() + 4, t.label(), 11, "#5b6573", "end", "normal");
        }
        double lastRight = Double.NEGATIVE_INFINITY;
        for (Scale.Tick t : x.ticks(data.xFormat())) {
            if (t.major()) {
                line(b, t.pixel(), top, t.pixel(), bottom, "#e4e8ee");
            }
            line(b, t.pixel(), bottom, t.pixel(), bottom + (t.major() ? 5 : 3), "#8a94a3");
            double half = t.label().length() * CHAR_WIDTH / 2;
            if (t.pixel() - half > lastRight + 4) {
                text(b, t.pixel(), bottom + 18, t.label(), 11, "#5b6573", "middle", "normal");
                lastRight = t.pixel() + half;
            }
        }
        line(b, left, bottom, right, bottom, "#8a94a3");
        line(b, left, top, left, bottom, "#8a94a3");
        text(b, (left + right) / 2, height - PAD - 2, data.xLabel(), 12, "#1f2630", "middle", "normal");
        if (!data.yLabel().isEmpty()) {
            double cy = (top + bottom) / 2;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2630\" "
                    + "text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>", PAD + 10, cy,
                    PAD + 10, cy, escape(data.yLabel())));
        }
    }

    private void lines(StringBuilder b, ChartData data, Scale x, Scale y) {
        for (ChartSeries s : data.series()) {
            int n = decimator.decimate(s, x, y);
            StringBuilder d = new StringBuilder(n * 14);
            boolean penDown = false;
            for (int i = 0; i < n; i++) {
                double py = decimator.ys()[i];
                if (Double.isNaN(py)) {
                    penDown = false;
                    continue;
                }
                d.append(penDown ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f", decimator.xs()[i], py));
                penDown = true;
            }
            if (d.length() > 0) {
                b.append("<path fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(s.color().lightHex())
                        .append(s.dashed() ? "\" stroke-dasharray=\"6 4" : "").append("\" d=\"").append(d)
                        .append("\"/>");
            }
        }
    }

    private static void bands(StringBuilder b, ChartData data, Scale x, double left, double right, double top,
                              double bottom) {
        String fill = SeriesColor.AMBER.lightHex();
        for (ChartMarker m : data.markers()) {
            double from = Math.max(left, x.toPixel(m.x()));
            double to = Math.min(right, x.toPixel(m.toX()));
            if (!m.isBand() || to <= from) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "<g class=\"band\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" "
                    + "width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.16\"/>", escape(m.detail()), from,
                    top, Math.max(1, to - from), bottom - top, fill));
            if (to - from > m.label().length() * CHAR_WIDTH + 4) {
                text(b, from + 3, top + 12, m.label(), 11, fill, "start", "normal");
            }
            b.append("</g>");
        }
    }

    /** A dashed rule per line marker, its label beside it at the top (a row lower when it would overlap). */
    private static void markerLines(StringBuilder b, ChartData data, Scale x, double left, double right, double top,
                                    double bottom) {
        MarkerLabels labels = new MarkerLabels();
        for (ChartMarker m : data.markers()) {
            double px = x.toPixel(m.x());
            if (m.isBand() || px < left || px > right) {
                continue;
            }
            double w = m.label().length() * CHAR_WIDTH;
            MarkerLabels.Place at = labels.next(px, w, right);
            double y = top + 2 + at.row() * 14;
            b.append(String.format(Locale.ROOT, "<g class=\"marker\"><title>%s</title><line x1=\"%.1f\" y1=\"%.1f\" "
                    + "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f2630\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>",
                    escape(m.detail()), px, top, px, bottom));
            rect(b, at.from() - 1, y, w + 2, 13, "#ffffff");
            text(b, at.anchor(px), y + 10, m.label(), 11, "#1f2630", at.onLeft() ? "end" : "start", "normal");
            b.append("</g>");
        }
    }

    private static double legend(StringBuilder b, List<ChartSeries> series, double x0, double y0, double maxWidth) {
        double[] widths = new double[series.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = 26 + series.get(i).name().length() * 7 + 14;
        }
        LegendFlow flow = LegendFlow.of(widths, maxWidth);
        for (int i = 0; i < widths.length; i++) {
            ChartSeries s = series.get(i);
            double x = x0 + flow.x(i);
            double y = y0 + flow.row(i) * 18;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"%s\" stroke-width=\"3\"%s/>", x, y + 8, x + 20, y + 8, s.color().lightHex(),
                    s.dashed() ? " stroke-dasharray=\"4 3\"" : ""));
            text(b, x + 26, y + 12, s.name(), 12, "#1f2630", "start", "normal");
        }
        return flow.rows() == 0 ? 0 : (flow.rows() - 1) * 18 + 20;
    }

    private static void rect(StringBuilder b, double x, double y, double w, double h, String fill) {
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x, y, w, h, fill));
    }

    private static void line(StringBuilder b, double x1, double y1, double x2, double y2, String stroke) {
        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"1\"/>", x1, y1, x2, y2, stroke));
    }

    private static void text(StringBuilder b, double x, double y, String s, int size, String fill, String anchor,
                             String weight) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\" "
                + "text-anchor=\"%s\" font-weight=\"%s\">%s</text>", x, y, size, fill, anchor, weight, escape(s)));
    }

    /** Escapes text for XML content and attributes. */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
