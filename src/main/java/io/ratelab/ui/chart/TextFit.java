package io.ratelab.ui.chart;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.ArrayList;
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
        String s = title;
        while (width(s, font) > room) {
            int cut = Math.max(s.lastIndexOf(" ("), s.lastIndexOf(':'));
            if (cut <= 0) {
                int space = s.lastIndexOf(' ');
                if (space <= 0) {
                    return s;
                }
                s = s.substring(0, space);
                while (width(s + "…", font) > room && s.lastIndexOf(' ') > 0) {
                    s = s.substring(0, s.lastIndexOf(' '));
                }
                return s + "…";
            }
            s = s.substring(0, cut);
        }
        return s;
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
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : message.split(" ")) {
            if (line.length() > 0 && width(line + " " + word, font) > room) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The width of {@code s} set in {@code font}, pixels. */
    double width(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }
}
