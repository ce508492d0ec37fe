package io.ratelab.report.plot;

/**
 * Places the labels of a chart's line markers (limiter swaps) at the top of its plot, in marker order: each beside its
 * rule, on the rule's left where it would pass the plot's right edge, and a row lower (up to three rows, then back to
 * the first) where it would overlap the label before it. The canvas and the SVG chart both place theirs with it.
 * One instance per paint; not thread-safe.
 */
public final class MarkerLabels {

    /** Pixels between a rule and its label, and the least gap between two labels on a row. */
    private static final double GAP = 3;
    private static final int ROWS = 3;

    private double previousRight = Double.NEGATIVE_INFINITY;
    private int row;

    /** Where a label goes: its left edge, whether it stands left of its rule, and its row (0 the top one). */
    public record Place(double from, boolean onLeft, int row) {
        /** Where the label's text is anchored: its right end when on the left of the rule, else its left end. */
        public double anchor(double ruleX) {
            return onLeft ? ruleX - GAP : ruleX + GAP;
        }
    }

    /**
     * The place of the next label, {@code width} pixels wide, for a rule at {@code x} in a plot ending at
     * {@code right}.
     */
    public Place next(double x, double width, double right) {
        boolean onLeft = x + GAP + width > right;
        double from = onLeft ? x - GAP - width : x + GAP;
        row = from < previousRight + GAP + 1 ? (row + 1) % ROWS : 0;
        previousRight = from + width;
        return new Place(from, onLeft, row);
    }
}
