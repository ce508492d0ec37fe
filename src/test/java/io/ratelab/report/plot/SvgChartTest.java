package io.ratelab.report.plot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's SVG charts: an empty chart's message stays inside a narrow plot (issue 21, as the canvas chart). */
class SvgChartTest {

    @Test
    void aLongEmptyMessageWrapsInsideTheNarrowPlot() {
        String message = "Compare with what the engine decided: open a recording or a shadow log";
        ChartData empty = ChartData.empty(AxisKind.LINEAR, "time", "rejections / s", ValueFormat.elapsedSeconds(),
                ValueFormat.number(""), message);
        String svg = new SvgChart().render(empty, "Rejections per second", 360, 200);
        assertTrue(svg.contains(">Compare with what the engine"), svg);
        assertTrue(!svg.contains(message), "not on one line 70 characters wide in a 360 px chart");
        List<String> lines = LineBreaks.wrapped(message, String::length, 30);
        assertEquals(message, String.join(" ", lines));
        assertTrue(lines.stream().allMatch(l -> l.length() <= 30), lines.toString());
    }
}
