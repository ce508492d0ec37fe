package io.ratelab.traffic.trace;

import io.ratelab.traffic.ReadableFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a trace file as requests in time order, streaming: memory holds the reorder window and nothing else, so a
 * multi-gigabyte log reads like a small one. Unreadable lines are counted and skipped ({@link #skipped()}, the first
 * few with line numbers); lines whose trailing fields are damaged but whose client, time, request and status are
 * intact are read and counted as {@link #repaired()}; reading goes on. A {@code .gz} file is decompressed on the fly.
 * Bytes that are not UTF-8 are replaced, not fatal.
 *
 * <p>With the default {@link TraceOptions#AUTO} window a regular file is read twice: a first pass reads only the
 * stamps and measures how far out of order the file is ({@link DisorderScan}), the second reads with a window that
 * covers it, so no line is late unless the disorder is beyond what memory allows ({@link #windowNote()}). A file that
 * cannot be read twice (a pipe) is read once with {@link TraceOptions#STREAM_REORDER_WINDOW_NANOS}. For HAR without a
 * key the first pass also decides between {@code host} (entries on several hosts) and {@code route}.
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("access.log"), TraceOptions.defaults())) {
 *     while (r.advance()) {
 *         use(r.epochNanos(), r.clientKey(), r.request().route());
 *     }
 *     System.out.println(r.skipped());
 * }
 * }</pre>
 * Deterministic: the same file and options give the same requests and times. Not thread-safe: one consumer.
 */
public final class TraceReader implements AutoCloseable {

    private final Path file;
    private final TraceFormat format;
    private final TraceKey key;
    private final RequestSource source;
    private final ReorderBuffer buffer;
    private final LineTally skipped = new LineTally();
    private final LineTally repaired = new LineTally();
    private final long reorderWindowNanos;
    private final int maxBuffered;
    private final String windowNote;
    private TraceRequest current;
    private String clientKey;
    private boolean sourceEnded;

    private TraceReader(Path file, TraceOptions options) throws IOException {
        this.file = file;
        this.format = options.format() != null ? options.format() : TraceFormat.detect(file);
        boolean harKey = options.key() == null && format.kind() == TraceFormat.Kind.HAR;
        DisorderScan.Plan plan = null;
        boolean twice = Files.isRegularFile(file);
        if (twice && (options.autoReorderWindow() || harKey)) {
            plan = DisorderScan.plan(file, format);
        }
        if (options.key() != null) {
            this.key = options.key();
        } else {
            this.key = harKey && plan != null && plan.hosts() > 1 ? TraceKey.HOST : format.defaultKey();
        }
        if (!options.autoReorderWindow()) {
            this.reorderWindowNanos = options.reorderWindowNanos();
            this.maxBuffered = options.maxBuffered();
            this.windowNote = null;
        } else if (plan != null) {
            this.reorderWindowNanos = plan.windowNanos();
            this.maxBuffered = Math.max(options.maxBuffered(), DisorderScan.MAX_WINDOW_REQUESTS);
            this.windowNote = plan.note();
        } else {
            this.reorderWindowNanos = TraceOptions.STREAM_REORDER_WINDOW_NANOS;
            this.maxBuffered = options.maxBuffered();
            this.windowNote = "read once (not a regular file), with a " + TraceReadReport.duration(
                    reorderWindowNanos) + " reorder window";
        }
        this.buffer = new ReorderBuffer(reorderWindowNanos, maxBuffered, options.seed(), windowNote);
        this.source = format.open(reader(file), file.toString(), skipped, repaired);
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws TraceException {@code path: ...} for a missing or unreadable file, {@code format: ...} when the format
     *                        cannot be detected or the file's structure is not that format's
     */
    public static TraceReader open(Path file, TraceOptions options) {
        String problem = ReadableFile.problemUnlessPipe(file, "a trace");
        if (problem != null && Files.exists(file)) {
            throw new TraceException("path: " + file + " " + problem);
        }
        try {
            return new TraceReader(file, options);
        } catch (NoSuchFileException e) {
            throw new TraceException("path: no such file: " + file, e);
        } catch (IOException e) {
            // a readable file that fails part-way (a cut .gz) already failed in the first pass, which measures the
            // disorder: the same words as when the second pass fails there
            throw new TraceException(Files.isReadable(file)
                    ? "path: " + file + " cannot be read further (" + e.getMessage() + ")"
                    : "path: cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** A UTF-8 reader of {@code file}, decompressed when its name ends in {@code .gz}; bad bytes are replaced. */
    static Reader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /**
     * Moves to the next request in time order; false at the end.
     *
     * @throws TraceException if the file cannot be read further (a damaged {@code .gz}), or its structure is not its
     *                        format's (a CSV without header, a line longer than a megabyte, ...)
     */
    public boolean advance() {
        try {
            while (true) {
                TraceRequest r = buffer.poll();
                if (r != null) {
                    current = r;
                    clientKey = key.of(r);
                    return true;
                }
                if (sourceEnded) {
                    return false;
                }
                TraceRequest next = source.next();
                if (next == null) {
                    sourceEnded = true;
                    buffer.finish();
                } else {
                    buffer.offer(next);
                }
            }
        } catch (IOException e) {
            throw new TraceException("path: " + file + " cannot be read further (" + e.getMessage() + ")", e);
        }
    }

    /** The current request (its time is final: reordered and spread). */
    public TraceRequest request() {
        return current;
    }

    /** The current request's time, epoch nanoseconds. */
    public long epochNanos() {
        return current.epochNanos();
    }

    /** The current request's client under the key mapping. */
    public String clientKey() {
        return clientKey;
    }

    /** The lines skipped so far as unreadable. */
    public LineTally skipped() {
        return skipped;
    }

    /** The lines read although a trailing field was damaged, so far. */
    public LineTally repaired() {
        return repaired;
    }

    /** The reorder window read with: as given, or as measured ({@link TraceOptions#AUTO}). */
    public long reorderWindowNanos() {
        return reorderWindowNanos;
    }

    /** The most requests held for reordering at once. */
    public int maxBuffered() {
        return maxBuffered;
    }

    /**
     * Why the measured window may leave lines late (disorder beyond 1 h or beyond what memory allows), or that the
     * file was read once; null when the window was given or covers the file's disorder.
     */
    public String windowNote() {
        return windowNote;
    }

    /** The most any line was out of order (behind the latest stamp read before it) so far, nanos. */
    public long maxDisorderNanos() {
        return buffer.maxDisorderNanos();
    }

    /** The lines found out of order beyond the reorder window so far. */
    public LineTally late() {
        return buffer.late();
    }

    /** The lines put back in order within the window so far. */
    public long reordered() {
        return buffer.reordered();
    }

    public TraceFormat format() {
        return format;
    }

    public TraceKey key() {
        return key;
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
