package io.ratelab.traffic.trace;

/** Turns one line of a line-based trace into a request. Not thread-safe (parsers cache). */
interface LineParser {

    /**
     * The request on {@code text}, or null for a line that carries none (a blank line, a {@code #} comment, a CSV
     * header).
     *
     * @throws MalformedLine saying why the line cannot be read
     */
    TraceRequest parse(String text, long line) throws MalformedLine;
}
