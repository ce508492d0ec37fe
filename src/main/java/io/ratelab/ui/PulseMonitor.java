package io.ratelab.ui;

import java.util.Locale;

/**
 * Frame-gap statistics of the FX thread, measured by the workbench's single {@code AnimationTimer}: JavaFX fires it
 * once per pulse (about 60 per second), so the gap between two ticks is the length of the slower of the pulse and
 * the frame period. A gap above {@link #LONG_PULSE_NANOS} means the UI froze for that long.
 *
 * <p>The benchmark of issue 6 ("no pulse longer than 50 ms at 20k req/s") reads it: run with
 * {@code -Dratelab.pulselog=FILE} and the workbench appends one line per second with the gaps and the heap.
 * Not thread-safe: FX thread only; {@link #summary()} returns an immutable copy.
 */
public final class PulseMonitor {

    /** A frame gap above this counts as a long pulse: 50 ms. */
    public static final long LONG_PULSE_NANOS = 50_000_000L;

    private long lastTickNanos = -1;
    private long frames;
    private long longPulses;
    private long maxGapNanos;
    private long windowFrames;
    private long windowMaxGapNanos;
    private long windowMaxGapEndNanos = -1;
    private long windowSumGapNanos;

    /**
     * An immutable summary of the gaps seen so far; {@code windowMaxGapEndNanos} is the tick (timer nanos) that ended
     * the window's longest gap, -1 without one, so that a long gap can be found in a GC log or a JFR recording.
     */
    public record Summary(long frames, long longPulses, long maxGapNanos, long windowFrames, long windowMaxGapNanos,
                          double windowMeanGapNanos, long windowMaxGapEndNanos) {

        /** One log line: frames, mean and max gap of the last window, long pulses and max gap overall. */
        public String line(long heapUsedBytes) {
            return String.format(Locale.ROOT, "frames=%d window.frames=%d window.meanGapMs=%.1f window.maxGapMs=%.1f"
                            + " longPulses=%d maxGapMs=%.1f heapUsedMB=%.1f", frames, windowFrames,
                    windowMeanGapNanos / 1e6, windowMaxGapNanos / 1e6, longPulses, maxGapNanos / 1e6,
                    heapUsedBytes / 1048576.0);
        }
    }

    /** Records one tick of the animation timer at {@code nowNanos} (the timer's own timestamp). */
    public void tick(long nowNanos) {
        if (lastTickNanos >= 0) {
            long gap = nowNanos - lastTickNanos;
            frames++;
            windowFrames++;
            windowSumGapNanos += gap;
            maxGapNanos = Math.max(maxGapNanos, gap);
            if (gap > windowMaxGapNanos) {
                windowMaxGapNanos = gap;
                windowMaxGapEndNanos = nowNanos;
            }
            if (gap > LONG_PULSE_NANOS) {
                longPulses++;
            }
        }
        lastTickNanos = nowNanos;
    }

    /** The statistics so far, including the current window. */
    public Summary summary() {
        return new Summary(frames, longPulses, maxGapNanos, windowFrames, windowMaxGapNanos,
                windowFrames == 0 ? 0 : (double) windowSumGapNanos / windowFrames, windowMaxGapEndNanos);
    }

    /** Returns the summary and starts a new window (the overall figures keep accumulating). */
    public Summary rollWindow() {
        Summary s = summary();
        windowFrames = 0;
        windowMaxGapNanos = 0;
        windowMaxGapEndNanos = -1;
        windowSumGapNanos = 0;
        return s;
    }

    /** Forgets everything, e.g. after a warm-up. */
    public void reset() {
        lastTickNanos = -1;
        frames = longPulses = maxGapNanos = 0;
        rollWindow();
    }
}
