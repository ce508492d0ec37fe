package io.ratelab.ui.chart;

import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.LegendFlow;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A canvas chart's legend: each line's sample and name, flowing left to right in rows, a hidden line's name greyed and
 * struck through; remembers where it put each entry, for clicks. When its rows would leave the plot too little room it
 * takes one row, each name shortened so that the names stay apart and the row fits. FX thread only.
 */
final class ChartLegend {

    /** Where the last paint put a series' legend entry, for clicks, and the label it drew there (maybe shortened). */
    record Entry(String name, String label, double x, double y, double w, double h) {
        boolean contains(double px, double py) {
            return px >= x && px <= x + w && py >= y && py <= y + h;
        }
    }

    /** An entry's geometry: the line sample's length, the gap before the name, the gap after it (pixels). */
    private record Shape(double sample, double gapBefore, double gapAfter) {
        static final Shape ROOMY = new Shape(20, 6, 14);
        static final Shape TIGHT = new Shape(10, 3, 5);
    }

    private final TextFit fit;
    private final List<Entry> entries = new ArrayList<>();
    /** The last one-row squeeze: the names, font and width it was for, and its labels (a run repaints often). */
    private List<String> squeezedNames = List.of();
    private Font squeezedFont;
    private double squeezedWidth = -1;
    private List<String> squeezedLabels = List.of();

    ChartLegend(TextFit fit) {
        this.fit = fit;
    }

    /** Where the last paint put the entry of the series named {@code name}, or null. */
    Entry entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    /** The name of the series whose entry is at ({@code px}, {@code py}) in the last paint, or null. */
    String nameAt(double px, double py) {
        for (Entry e : entries) {
            if (e.contains(px, py)) {
                return e.name();
            }
        }
        return null;
    }

    /**
     * Paints the legend of {@code series} from ({@code x0}, {@code y0}) in {@code maxWidth}, in rows of
     * {@code rowHeight}; in one row when the rows would leave less than {@code leastBelow} of the {@code below} pixels
     * under the legend's top. Returns the height it took.
     */
    double paint(GraphicsContext g, List<ChartSeries> series, Set<String> hidden, ChartPalette p, double x0,
                 double y0, double maxWidth, double rowHeight, Font font, double below, double leastBelow) {
        entries.clear();
        List<String> names = series.stream().map(ChartSeries::name).toList();
        LegendFlow flow = LegendFlow.of(widths(names, font, Shape.ROOMY), maxWidth);
        double height = flow.rows() == 0 ? 0 : flow.rows() * rowHeight + 2;
        if (flow.rows() > 1 && below - height < leastBelow) {
            List<String> labels = squeezed(names, font, maxWidth);
            flow = LegendFlow.of(widths(labels, font, Shape.TIGHT), Double.POSITIVE_INFINITY);
            paintEntries(g, series, labels, flow, hidden, p, x0, y0, rowHeight, font, Shape.TIGHT);
            return rowHeight + 2;
        }
        paintEntries(g, series, names, flow, hidden, p, x0, y0, rowHeight, font, Shape.ROOMY);
        return height;
    }

    /**
     * {@code names} shortened, apart, to the largest room per name at which they all fit one row of {@code maxWidth}
     * (short names leave their room to long ones); the last answer is kept, as a run repaints with the same names.
     */
    private List<String> squeezed(List<String> names, Font font, double maxWidth) {
        if (names.equals(squeezedNames) && font.equals(squeezedFont) && maxWidth == squeezedWidth) {
            return squeezedLabels;
        }
        double low = 0;
        double high = maxWidth;
        List<String> best = fit.apart(names, font, low);
        for (int i = 0; i < 10; i++) {
            double room = (low + high) / 2;
            List<String> labels = fit.apart(names, font, room);
            if (rowWidth(labels, font) <= maxWidth) {
                low = room;
                best = labels;
            } else {
                high = room;
            }
        }
        squeezedNames = names;
        squeezedFont = font;
        squeezedWidth = maxWidth;
        squeezedLabels = best;
        return best;
    }

    private double rowWidth(List<String> labels, Font font) {
        double sum = 0;
        for (double w : widths(labels, font, Shape.TIGHT)) {
            sum += w;
        }
        return sum - Shape.TIGHT.gapAfter();
    }

    private double[] widths(List<String> labels, Font font, Shape shape) {
        double[] widths = new double[labels.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = shape.sample() + shape.gapBefore() + fit.width(labels.get(i), font) + shape.gapAfter();
        }
        return widths;
    }

    private void paintEntries(GraphicsContext g, List<ChartSeries> series, List<String> labels, LegendFlow flow,
                              Set<String> hidden, ChartPalette p, double x0, double y0, double rowHeight, Font font,
                              Shape shape) {
        for (int i = 0; i < series.size(); i++) {
            ChartSeries s = series.get(i);
            String label = labels.get(i);
            double x = x0 + flow.x(i);
            double y = y0 + flow.row(i) * rowHeight;
            double mid = y + rowHeight / 2 - 1;
            boolean off = hidden.contains(s.name());
            g.setStroke(off ? p.axis() : p.of(s.color()));
            g.setLineWidth(3);
            g.setLineDashes(s.dashed() ? new double[]{4, 3} : null);
            g.strokeLine(x, mid, x + shape.sample(), mid);
            g.setLineDashes(null);
            double textX = x + shape.sample() + shape.gapBefore();
            double textW = fit.width(label, font);
            ChartRenderer.text(g, label, font, off ? p.mutedText() : p.text(), textX, mid, TextAlignment.LEFT,
                    VPos.CENTER);
            if (off) {
                g.setStroke(p.mutedText());
                g.setLineWidth(1);
                g.strokeLine(textX, Math.floor(mid) + 0.5, textX + textW, Math.floor(mid) + 0.5);
            }
            entries.add(new Entry(s.name(), label, x - 2, y - 1, textX + textW + 4 - x, rowHeight));
        }
    }
}
