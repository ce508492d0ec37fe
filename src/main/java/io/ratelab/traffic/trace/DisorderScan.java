package io.ratelab.traffic.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first of two passes over a trace file: reads only the time of each line (and, for HAR, its host) to measure
 * how far out of order the file is, and picks the reorder window that puts every line in place.
 *
 * <p>The disorder of a line is how far its stamp lies behind the latest stamp read before it; a window equal to the
 * file's largest disorder {@code D} leaves no line late (see {@link ReorderBuffer}: a request waits until a line
 * stamped after it + window has been read). The memory that window needs is the requests waiting at once: at most
 * those stamped within {@code D + 1 s} of each other, which the pass counts in a histogram of the stamps (1 s buckets,
 * coarser past {@value #MAX_BUCKETS} buckets, so the estimate is an upper bound). If that exceeds
 * {@link #MAX_WINDOW_REQUESTS}, or {@code D} exceeds {@link TraceOptions#MAX_REORDER_WINDOW_NANOS}, the window is the
 * largest that fits, and {@link Plan#note()} says so. Not thread-safe; one pass, then discarded.
 */
final class DisorderScan {

    /** The most requests the chosen window may hold waiting (about 300 MB at worst). */
    static final int MAX_WINDOW_REQUESTS = 2_000_000;
    private static final int MAX_BUCKETS = 1 << 22;
    private static final long SECOND = TraceRequest.SECOND;
    /** Stamps up to the largest window before the first line's still fall in the histogram. */
    private static final long MARGIN_SECONDS = TraceOptions.MAX_REORDER_WINDOW_NANOS / SECOND;

    /**
     * What the first pass found and chose.
     *
     * @param maxDisorderNanos the largest disorder of any line, nanos
     * @param windowNanos      the reorder window to read with
     * @param note             why the window does not cover {@code maxDisorderNanos}, or null if it does
     * @param hosts            distinct hosts seen, counted up to 2 (HAR only; 0 otherwise)
     */
    record Plan(long maxDisorderNanos, long windowNanos, String note, int hosts) {
    }

    private long maxSeen = Long.MIN_VALUE;
    private long maxDisorder;
    private long baseSecond = Long.MIN_VALUE;
    private int bucketSeconds = 1;
    private int[] buckets = new int[1024];
    private int used;
    private String firstHost;
    private int hosts;

    private DisorderScan() {
    }

    /** Reads {@code file} once, timestamps only, and plans the window. */
    static Plan plan(Path file, TraceFormat format) throws IOException {
        DisorderScan scan = new DisorderScan();
        if (format.kind() == TraceFormat.Kind.HAR) {
            LineTally ignored = new LineTally();
            try (RequestSource source = format.open(TraceReader.reader(file), file.toString(), ignored, ignored)) {
                TraceRequest r;
                while ((r = source.next()) != null) {
                    scan.time(r.epochNanos());
                    scan.host(r.headers().get("host"));
                }
            }
        } else {
            LineParser parser = format.parser();
            try (BufferedReader in = new BufferedReader(new LineLengthLimit(TraceReader.reader(file), file.toString()), 1 << 16)) {
                String text;
                while ((text = in.readLine()) != null) {
                    long t = parser.timeOf(text);
                    if (t != LineParser.NO_TIME) {
                        scan.time(t);
                    }
                }
            }
        }
        return scan.plan();
    }

    private void time(long t) {
        if (t < maxSeen) {
            maxDisorder = Math.max(maxDisorder, maxSeen - t);
        } else {
            maxSeen = t;
        }
        count(Math.floorDiv(t, SECOND));
    }

    private void host(String host) {
        if (host == null || hosts >= 2) {
            return;
        }
        if (firstHost == null) {
            firstHost = host;
            hosts = 1;
        } else if (!firstHost.equals(host)) {
            hosts = 2;
        }
    }

    private void count(long second) {
        if (baseSecond == Long.MIN_VALUE) {
            baseSecond = second - MARGIN_SECONDS;
        }
        long offset = second - baseSecond;
        if (offset < 0) {
            offset = 0; // over an hour early: late whatever the window, counted in the first bucket
        }
        long index = offset / bucketSeconds;
        while (index >= MAX_BUCKETS) {
            coarsen();
            index = offset / bucketSeconds;
        }
        int i = (int) index;
        if (i >= buckets.length) {
            buckets = Arrays.copyOf(buckets, (int) Math.min(MAX_BUCKETS, Math.max(i + 1L, buckets.length * 2L)));
        }
        buckets[i]++;
        used = Math.max(used, i + 1);
    }

    /** Doubles the bucket width, merging neighbours. */
    private void coarsen() {
        int half = (used + 1) / 2;
        for (int i = 0; i < half; i++) {
            int b = buckets[2 * i] + (2 * i + 1 < used ? buckets[2 * i + 1] : 0);
            buckets[i] = b;
        }
        Arrays.fill(buckets, half, used, 0);
        used = half;
        bucketSeconds *= 2;
    }

    /** The most requests stamped within {@code windowNanos + 1 s} of each other (an upper bound). */
    long waiting(long windowNanos) {
        long spanSeconds = (windowNanos + SECOND - 1) / SECOND + 1;
        int k = (int) Math.min(used, (spanSeconds + bucketSeconds - 1) / bucketSeconds + 1);
        long sum = 0;
        for (int i = 0; i < k; i++) {
            sum += buckets[i];
        }
        long best = sum;
        for (int i = k; i < used; i++) {
            sum += buckets[i] - buckets[i - k];
            best = Math.max(best, sum);
        }
        return best;
    }

    private Plan plan() {
        long want = maxDisorder;
        long window = Math.min(want, TraceOptions.MAX_REORDER_WINDOW_NANOS);
        String note = null;
        if (want > window) {
            note = "lines are up to " + TraceReadReport.duration(want) + " out of order, more than the largest"
                    + " reorder window (" + TraceReadReport.duration(window) + ")";
        }
        if (waiting(window) > MAX_WINDOW_REQUESTS) {
            long lo = 0;
            long hi = window / SECOND;
            while (lo < hi) {
                long mid = (lo + hi + 1) / 2;
                if (waiting(mid * SECOND) <= MAX_WINDOW_REQUESTS) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            window = lo * SECOND;
            note = "lines are up to " + TraceReadReport.duration(want) + " out of order; the reorder window is "
                    + TraceReadReport.duration(window) + ", the most that keeps " + MAX_WINDOW_REQUESTS
                    + " requests waiting";
        }
        return new Plan(maxDisorder, window, note, hosts);
    }
}
