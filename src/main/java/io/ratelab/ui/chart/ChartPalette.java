package io.ratelab.ui.chart;

import javafx.scene.paint.Color;

import java.util.EnumMap;
import java.util.Map;

/**
 * The concrete colours a {@link CanvasChart} paints with, for the light and the dark theme. Series colours are chosen
 * to stay distinguishable for the common forms of colour blindness (accepted green vs rejected red differ in
 * lightness as well as hue) and to keep a contrast of at least 3:1 against the plot background.
 */
public record ChartPalette(Color background, Color plot, Color grid, Color axis, Color text, Color mutedText,
                           Map<SeriesColor, Color> series) {

    public static final ChartPalette LIGHT = new ChartPalette(
            Color.web("#ffffff"), Color.web("#fbfcfd"), Color.web("#e4e8ee"), Color.web("#8a94a3"),
            Color.web("#1f2630"), Color.web("#5b6573"),
            colors("#1a9850", "#d73027", "#e08a00", "#2166ac", "#7b3294", "#138d90", "#c51b7d", "#7f8790"));

    public static final ChartPalette DARK = new ChartPalette(
            Color.web("#1e2127"), Color.web("#23272e"), Color.web("#353b45"), Color.web("#7d8694"),
            Color.web("#e3e7ed"), Color.web("#a2abb8"),
            colors("#5ad17f", "#ff6b5e", "#ffb43a", "#5aa9ff", "#c58cf5", "#3fd0c9", "#ff7ab8", "#a8b0ba"));

    /** The colour of a named series colour. */
    public Color of(SeriesColor c) {
        return series.get(c);
    }

    private static Map<SeriesColor, Color> colors(String... hex) {
        Map<SeriesColor, Color> m = new EnumMap<>(SeriesColor.class);
        SeriesColor[] order = {SeriesColor.GREEN, SeriesColor.RED, SeriesColor.AMBER, SeriesColor.BLUE,
                SeriesColor.PURPLE, SeriesColor.TEAL, SeriesColor.PINK, SeriesColor.GREY};
        for (int i = 0; i < order.length; i++) {
            m.put(order[i], Color.web(hex[i]));
        }
        return Map.copyOf(m);
    }
}
