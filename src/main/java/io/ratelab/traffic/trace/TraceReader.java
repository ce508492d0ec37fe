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
 * few with line numbers); reading goes on. A {@code .gz} file is decompressed on the fly. Bytes that are not UTF-8 are
 * replaced, not fatal.
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
    private TraceRequest current;
    private String clientKey;
    private boolean sourceEnded;

    private TraceReader(Path file, TraceOptions options) throws IOException {
        this.file = file;
        this.format = options.format() != null ? options.format() : TraceFormat.detect(file);
        this.key = options.key() != null ? options.key() : format.defaultKey();
        this.buffer = new ReorderBuffer(options.reorderWindowNanos(), options.maxBuffered(), options.seed());
        this.source = format.open(reader(file), file.toString(), skipped);
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws TraceException {@code path: ...} for a missing or unreadable file, {@code format: ...} when the format
     *                        cannot be detected or the file's structure is not that format's
     */
    public static TraceReader open(Path file, TraceOptions options) {
        String problem = ReadableFile.problem(file, "a trace");
        if (problem != null && Files.exists(file)) {
            throw new TraceException("path: " + file + " " + problem);
        }
        try {
            return new TraceReader(file, options);
        } catch (NoSuchFileException e) {
            throw new TraceException("path: no such file: " + file, e);
        } catch (IOException e) {
            throw new TraceException("path: cannot read " + file + " (" + e.getMessage() + ")", e);
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
