package io.ratelab.traffic.trace;

/**
 * How to read a trace. Immutable.
 *
 * @param format             the file format, or null to {@linkplain TraceFormat#detect detect} it
 * @param key                what identifies a client, or null for the format's {@linkplain TraceFormat#defaultKey
 *                           default}
 * @param seed               seeds the spreading of whole-second stamps within their second (see {@link ReorderBuffer})
 * @param reorderWindowNanos how far behind the latest stamp a line may be and still take its place in time
 * @param maxBuffered        the most requests held for reordering at once
 */
public record TraceOptions(TraceFormat format, TraceKey key, long seed, long reorderWindowNanos, int maxBuffered) {

    /** Lines up to 5 s out of order are put in place by default. */
    public static final long DEFAULT_REORDER_WINDOW_NANOS = 5_000_000_000L;
    /** At most a million requests wait for reordering by default (about 100 MB at worst). */
    public static final int DEFAULT_MAX_BUFFERED = 1_000_000;

    public TraceOptions {
        if (reorderWindowNanos < 0 || reorderWindowNanos > 3_600_000_000_000L) {
            throw new IllegalArgumentException("reorderWindow: must be 0 to 1h, got " + reorderWindowNanos + "ns");
        }
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered: must be at least 1, got " + maxBuffered);
        }
    }

    /** Detected format, default key, seed 1, the default window. */
    public static TraceOptions defaults() {
        return new TraceOptions(null, null, 1, DEFAULT_REORDER_WINDOW_NANOS, DEFAULT_MAX_BUFFERED);
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

    public TraceOptions withReorderWindowNanos(long w) {
        return new TraceOptions(format, key, seed, w, maxBuffered);
    }
}
