package io.ratelab.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Writes each coarse interval's latency histograms to an HdrHistogram interval log ({@code .hlog}) that
 * {@code org.HdrHistogram.HistogramLogReader} and {@code HistogramLogProcessor} read.
 *
 * <p>Per interval two histograms are written: corrected latency (from intended start) without a tag, so that tools
 * that ignore tags see the coordinated-omission-free numbers, and raw latency (from actual send) tagged {@code raw}.
 * Values are nanoseconds (the log's max column is in milliseconds, ratio 1e6). Timestamps are seconds since the run
 * start, with the start time in the header. Called on the metrics reader thread only; not thread-safe.
 */
public final class HlogWriter implements IntervalListener, Closeable {

    /** The tag of raw-latency histograms; corrected ones are untagged. */
    public static final String RAW_TAG = "raw";
    private static final double NANOS_PER_MILLI = 1e6;

    private final PrintStream out;
    private final HistogramLogWriter writer;

    /**
     * Opens {@code file} (replacing it) and writes the header.
     *
     * @param startEpochMillis wall-clock start of the run, for the {@code #[StartTime]} header
     * @param comment          a line describing the run (target, rate)
     */
    public HlogWriter(Path file, long startEpochMillis, String comment) throws FileNotFoundException {
        this.out = new PrintStream(file.toFile());
        this.writer = new HistogramLogWriter(out);
        writer.outputComment("RateLab latency log: " + comment);
        writer.outputComment("values in nanoseconds; untagged = corrected (from intended start), tag raw = from send");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMillis);
        writer.setBaseTime(startEpochMillis);
        writer.outputLegend();
    }

    @Override
    public void intervalClosed(IntervalStats stats, Histogram corrected, Histogram raw) {
        double start = stats.startNanos() / 1e9;
        double end = stats.endNanos() / 1e9;
        writer.outputIntervalHistogram(start, end, corrected, NANOS_PER_MILLI);
        Histogram tagged = raw.copy();
        tagged.setTag(RAW_TAG);
        writer.outputIntervalHistogram(start, end, tagged, NANOS_PER_MILLI);
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }
}
