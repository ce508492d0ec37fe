package io.ratelab.ui.chart;

import io.ratelab.report.plot.SeriesColor;
import javafx.scene.paint.Color;

import java.util.EnumMap;
import java.util.Map;

/**
 * The concrete colours a {@link CanvasChart} paints with, for the light and the dark theme; series colours are the
 * shades {@link SeriesColor} defines (the HTML report uses the same ones).
 */
public record ChartPalette(Color background, Color plot, Color grid, Color axis, Color text, Color mutedText,
                           Map<SeriesColor, Color> series) {

    public static final ChartPalette LIGHT = new ChartPalette(
            Color.web("#ffffff"), Color.web("#fbfcfd"), Color.web("#e4e8ee"), Color.web("#8a94a3"),
            Color.web("#1f2630"), Color.web("#5b6573"), colors(false));

    public static final ChartPalette DARK = new ChartPalette(
            Color.web("#1e2127"), Color.web("#23272e"), Color.web("#353b45"), Color.web("#7d8694"),
            Color.web("#e3e7ed"), Color.web("#a2abb8"), colors(true));

    /** The colour of a named series colour. */
    public Color of(SeriesColor c) {
        return series.get(c);
    }

    private static Map<SeriesColor, Color> colors(boolean dark) {
        Map<SeriesColor, Color> m = new EnumMap<>(SeriesColor.class);
        for (SeriesColor c : SeriesColor.values()) {
            m.put(c, Color.web(dark ? c.darkHex() : c.lightHex()));
        }
        return Map.copyOf(m);
    }
}
