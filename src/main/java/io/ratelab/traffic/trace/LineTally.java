package io.ratelab.traffic.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines a trace reader set aside (unreadable) or moved (out of order beyond the window): how many, and the first
 * {@link #KEPT} with their line numbers and reasons, so a user can look at them. Not thread-safe: the reader's.
 */
public final class LineTally {

    /** How many lines are kept with their reasons. */
    public static final int KEPT = 5;

    /** One line: where, and why. */
    public record Line(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    private final List<Line> first = new ArrayList<>(KEPT);
    private long count;

    void add(long line, String reason) {
        count++;
        if (first.size() < KEPT) {
            first.add(new Line(line, reason));
        }
    }

    /** How many lines. */
    public long count() {
        return count;
    }

    /** The first {@link #KEPT} at most, in file order. */
    public List<Line> first() {
        return List.copyOf(first);
    }

    /** {@code 3 (line 7: ..., line 9: ...)} or {@code 0}. */
    @Override
    public String toString() {
        return count == 0 ? "0" : count + " (" + String.join("; ", first.stream().map(Line::toString).toList())
                + (count > first.size() ? "; ..." : "") + ")";
    }
}
