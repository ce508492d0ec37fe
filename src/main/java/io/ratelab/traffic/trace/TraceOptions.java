package io.ratelab.traffic.trace;

/**
 * How to read a trace. Immutable.
 *
 * @param format             the file format, or null to {@linkplain TraceFormat#detect detect} it
 * @param key                what identifies a client, or null for the format's default ({@linkplain
 *                           TraceFormat#defaultKey}; for HAR {@code host} when its entries span several hosts)
 * @param seed               seeds the spreading of whole-second stamps within their second (see {@link ReorderBuffer})
 * @param reorderWindowNanos how far behind the latest stamp a line may be and still take its place in time, 0 to 1 h;
 *                           or {@link #AUTO}: measure the file's disorder in a first pass and use a window that covers
 *                           it (see {@link DisorderScan}); a stream that cannot be read twice gets
 *                           {@link #STREAM_REORDER_WINDOW_NANOS}
 * @param maxBuffered        the most requests held for reordering at once (with {@link #AUTO}, at least
 *                           {@link DisorderScan#MAX_WINDOW_REQUESTS})
 */
public record TraceOptions(TraceFormat format, TraceKey key, long seed, long reorderWindowNanos, int maxBuffered) {

    /** {@code reorderWindowNanos}: measure the disorder first and cover it. The default. */
    public static final long AUTO = -1;
    /** The window of a stream that cannot be read twice (a pipe): real logs are often a minute out of order. */
    public static final long STREAM_REORDER_WINDOW_NANOS = 60_000_000_000L;
    /** The largest window: 1 h. */
    public static final long MAX_REORDER_WINDOW_NANOS = 3_600_000_000_000L;
    /** At most a million requests wait for reordering by default (about 100 MB at worst). */
    public static final int DEFAULT_MAX_BUFFERED = 1_000_000;

    public TraceOptions {
        if (reorderWindowNanos != AUTO && (reorderWindowNanos < 0 || reorderWindowNanos > MAX_REORDER_WINDOW_NANOS)) {
            throw new IllegalArgumentException("reorderWindow: must be 0 to 1h, got " + reorderWindowNanos + "ns");
        }
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered: must be at least 1, got " + maxBuffered);
        }
    }

    /** Detected format, default key, seed 1, the window measured ({@link #AUTO}). */
    public static TraceOptions defaults() {
        return new TraceOptions(null, null, 1, AUTO, DEFAULT_MAX_BUFFERED);
    }

    /** True when the window is measured from the file ({@link #AUTO}). */
    public boolean autoReorderWindow() {
        return reorderWindowNanos == AUTO;
    }

    public TraceOptions withFormat(TraceFormat f) {
        return new TraceOptions(f, key, seed, reorderWindowNanos, maxBuffered);
    }

    public TraceOptions withKey(TraceKey k) {
        return new TraceOptions(format, k, seed, reorderWindowNanos, maxBuffered);
    }

    public TraceOptions withSeed(long s) {
        return new TraceOptions(format, key, s, reorderWindowNanos, maxBuffered);
    }

    /** A fixed window, or {@link #AUTO}. */
    public TraceOptions withReorderWindowNanos(long w) {
        return new TraceOptions(format, key, seed, w, maxBuffered);
    }

    public TraceOptions withMaxBuffered(int n) {
        return new TraceOptions(format, key, seed, reorderWindowNanos, n);
    }
}
