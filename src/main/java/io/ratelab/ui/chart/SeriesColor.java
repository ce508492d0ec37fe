package io.ratelab.ui.chart;

/**
 * The colours a series may take, by name, so that view models choose colours without touching JavaFX paint; the
 * chart maps each to a concrete colour of the light or dark palette ({@link ChartPalette}).
 */
public enum SeriesColor {
    GREEN, RED, AMBER, BLUE, PURPLE, TEAL, PINK, GREY;

    private static final SeriesColor[] DISTINCT = {BLUE, AMBER, TEAL, PURPLE, PINK, GREEN, RED, GREY};

    /** The {@code i}-th of a sequence of well-separated colours, for series without a meaning of their own. */
    public static SeriesColor distinct(int i) {
        return DISTINCT[Math.floorMod(i, DISTINCT.length)];
    }
}
