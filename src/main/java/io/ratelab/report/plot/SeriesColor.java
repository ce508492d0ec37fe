package io.ratelab.report.plot;

/**
 * The colours a series may take, by name, so that view models and reports choose colours without a drawing toolkit.
 * Each has a light-background and a dark-background shade: chosen to stay distinguishable for the common forms of
 * colour blindness (accepted green and rejected red differ in lightness as well as hue) and to keep a contrast of at
 * least 3:1 against their background.
 */
public enum SeriesColor {
    GREEN("#1a9850", "#5ad17f"),
    RED("#d73027", "#ff6b5e"),
    AMBER("#e08a00", "#ffb43a"),
    BLUE("#2166ac", "#5aa9ff"),
    PURPLE("#7b3294", "#c58cf5"),
    TEAL("#138d90", "#3fd0c9"),
    PINK("#c51b7d", "#ff7ab8"),
    GREY("#7f8790", "#a8b0ba");

    private static final SeriesColor[] DISTINCT = {BLUE, AMBER, TEAL, PURPLE, PINK, GREEN, RED, GREY};

    private final String lightHex;
    private final String darkHex;

    SeriesColor(String lightHex, String darkHex) {
        this.lightHex = lightHex;
        this.darkHex = darkHex;
    }

    /** {@code #rrggbb} on a light background. */
    public String lightHex() {
        return lightHex;
    }

    /** {@code #rrggbb} on a dark background. */
    public String darkHex() {
        return darkHex;
    }

    /** The {@code i}-th of a sequence of well-separated colours, for series without a meaning of their own. */
    public static SeriesColor distinct(int i) {
        return DISTINCT[Math.floorMod(i, DISTINCT.length)];
    }
}
