package io.ratelab.traffic.trace;

import java.io.BufferedReader;
import java.io.IOException;

/** The requests of a line-based trace (access logs, CSV, JSON lines), one {@link LineParser} call per line. */
final class LineSource implements RequestSource {

    private final BufferedReader in;
    private final LineParser parser;
    private final LineTally skipped;
    private final LineTally repaired;
    private long line;

    LineSource(BufferedReader in, LineParser parser, LineTally skipped, LineTally repaired) {
        this.in = in;
        this.parser = parser;
        this.skipped = skipped;
        this.repaired = repaired;
    }

    @Override
    public TraceRequest next() throws IOException {
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            try {
                TraceRequest r = parser.parse(text, line);
                if (r != null) {
                    if (parser.repair() != null) {
                        repaired.add(line, parser.repair());
                    }
                    return r;
                }
            } catch (MalformedLine e) {
                skipped.add(line, e.getMessage());
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
