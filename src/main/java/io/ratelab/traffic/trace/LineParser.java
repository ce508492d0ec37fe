package io.ratelab.traffic.trace;

/** Turns one line of a line-based trace into a request. Not thread-safe (parsers cache). */
interface LineParser {

    /** What {@link #timeOf} returns for a line without a readable time. */
    long NO_TIME = Long.MIN_VALUE;

    /**
     * The request on {@code text}, or null for a line that carries none (a blank line, a {@code #} comment, a CSV
     * header). A line whose trailing fields are damaged but whose fields RateLab uses are intact is read, and
     * {@link #repair()} then says what was wrong.
     *
     * @throws MalformedLine saying why the line cannot be read
     */
    TraceRequest parse(String text, long line) throws MalformedLine;

    /** Why the request {@link #parse} returned last was repaired, or null if its line was whole. */
    default String repair() {
        return null;
    }

    /**
     * Only the recorded time of {@code text} (as {@link #parse} would give it), or {@link #NO_TIME}: the first pass
     * that measures a file's disorder. Parsers may do less work here than in {@link #parse}.
     */
    default long timeOf(String text) {
        try {
            TraceRequest r = parse(text, 0);
            return r == null ? NO_TIME : r.epochNanos();
        } catch (MalformedLine e) {
            return NO_TIME;
        }
    }
}
