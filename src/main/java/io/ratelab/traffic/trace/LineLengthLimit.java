package io.ratelab.traffic.trace;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Passes a line-based trace through unchanged, but stops reading with a {@link TraceException} once one line runs
 * past {@link #MAX_CHARS}: a file that is not a text log (a binary dump, a huge file without line breaks) would
 * otherwise be read into memory as one line until the heap is gone. Real log lines are a few hundred characters; a
 * megabyte is far beyond any of them. Not thread-safe.
 */
final class LineLengthLimit extends FilterReader {

    /** The longest line read. */
    static final int MAX_CHARS = 1 << 20;

    private final String source;
    private final int maxChars;
    private long line = 1;
    private int run;

    LineLengthLimit(Reader in, String source) {
        this(in, source, MAX_CHARS);
    }

    LineLengthLimit(Reader in, String source, int maxChars) {
        super(in);
        this.source = source;
        this.maxChars = maxChars;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = off; i < off + n; i++) {
            count(buf[i]);
        }
        return n;
    }

    private void count(char c) {
        if (c == '\n') {
            line++;
            run = 0;
        } else if (++run > maxChars) {
            throw new TraceException("path: " + source + ", line " + line + " is longer than " + maxChars
                    + " characters; this is not a text log (give --format or another file)");
        }
    }
}
