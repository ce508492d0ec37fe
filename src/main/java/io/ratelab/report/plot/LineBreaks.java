package io.ratelab.report.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Breaks a message at spaces into lines that fit a width, for a chart's empty-plot message. How wide a text is comes
 * from the caller: the workbench's canvas measures it in its font, the report's SVG (which has no font metrics)
 * estimates it from the character count. Stateless.
 */
public final class LineBreaks {

    private LineBreaks() {
    }

    /**
     * {@code message} broken at spaces into lines at most {@code room} wide as {@code width} measures them (a single
     * word wider than that keeps its own line); joined with single spaces they give the message back.
     */
    public static List<String> wrapped(String message, ToDoubleFunction<String> width, double room) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : message.split(" ")) {
            if (line.length() > 0 && width.applyAsDouble(line + " " + word) > room) {
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
}
