package io.ratelab.ui.chart;

import io.ratelab.report.plot.LineBreaks;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.List;

/**
 * Measures text in pixels and makes it fit a chart's room: a title shortened at its parts, an axis title without its
 * first words, a message wrapped at spaces. Reuses one {@link Text} node to measure; FX thread only.
 */
final class TextFit {

    private final Text measure = new Text();

    /**
     * {@code title} if it fits in {@code room} pixels, else without its last part in parentheses or after a colon
     * ("Latency per second: p50 and p99 (of ≥ 100 answers)" → "Latency per second: p50 and p99" → "Latency per
     * second"), else cut at a word with an ellipsis. The whole title is in the PNG file name and the chart's help.
     */
    String shortened(String title, Font font, double room) {
        return shortener(font).shortened(title, room);
    }

    /**
     * Each of {@code names} shortened to {@code room} pixels so that different names stay different ("adm… p50",
     * "adm… p99"): a squeezed legend whose names all read "admitted…" could not be told apart.
     */
    List<String> apart(List<String> names, Font font, double room) {
        return shortener(font).apart(names, room);
    }

    private TextShortener shortener(Font font) {
        return new TextShortener(s -> width(s, font));
    }

    /**
     * {@code label} if it fits in {@code room} pixels, else without its first words until it does ("admitted
     * requests / s" becomes "requests / s" beside a short plot: the unit stays), else nothing. A rotated axis title
     * longer than its plot ran into the legend.
     */
    String fitting(String label, Font font, double room) {
        String s = label;
        while (!s.isEmpty() && width(s, font) > room) {
            int space = s.indexOf(' ');
            s = space < 0 ? "" : s.substring(space + 1);
        }
        // what is left must still say something: "/ s" alone does not
        return s.isEmpty() || Character.isLetter(s.charAt(0)) ? s : "";
    }

    /**
     * {@code message} broken at spaces into lines at most {@code room} pixels wide (a single word wider than that
     * keeps its own line).
     */
    List<String> wrapped(String message, Font font, double room) {
        return LineBreaks.wrapped(message, s -> width(s, font), room);
    }

    /** The width of {@code s} set in {@code font}, pixels. */
    double width(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }
}
