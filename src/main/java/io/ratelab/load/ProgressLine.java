package io.ratelab.load;

import io.ratelab.metrics.IntervalListener;
import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.CountedColumn;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The one-line-per-second progress report of a live run, e.g.
 * {@code 3.0s  offered 500 (500.0/s, scheduled 500.0/s) + 12 retries, sent 512  200:490 429:22 4xx:0 5xx:0 err:0
 * late 0  admitted p50 1.20 p99 2.40 ms |  all p50 1.10 p99 2.31 max 4.02 ms (raw p99 2.20)}: offered = first
 * attempts, sent = with retries (see {@link io.ratelab.metrics.Vocabulary}); latency of the second's admitted (2xx)
 * answers, then of all its answers. Runs on the metrics reader thread.
 */
public final class ProgressLine implements IntervalListener {

    private final Consumer<String> out;
    private final boolean open;

    /** Lines go to {@code out}; {@code open} adds the scheduled rate and the late count. */
    public ProgressLine(Consumer<String> out, boolean open) {
        this.out = out;
        this.open = open;
    }

    @Override
    public void intervalClosed(IntervalStats s, Histogram corrected, Histogram raw) {
        out.accept(format(s, open));
    }

    /** One progress line for an interval. */
    public static String format(IntervalStats s, boolean open) {
        LatencySummary c = s.corrected();
        StringBuilder b = new StringBuilder(160);
        long retries = s.count(CountedColumn.RETRY);
        b.append(String.format(Locale.ROOT, "%6.1fs  offered %d (%.1f/s", s.endNanos() / 1e9,
                s.count(CountedColumn.SENT) - retries,
                s.perSecond(CountedColumn.SENT) - s.perSecond(CountedColumn.RETRY)));
        if (open) {
            b.append(String.format(Locale.ROOT, ", scheduled %.1f/s", s.perSecond(CountedColumn.SCHEDULED)));
        }
        b.append(String.format(Locale.ROOT, ") + %d retries, sent %d", retries, s.count(CountedColumn.SENT)));
        b.append(String.format(Locale.ROOT, "  200:%d 429:%d 4xx:%d 5xx:%d err:%d", s.count(CountedColumn.STATUS_200),
                s.count(CountedColumn.STATUS_429), s.count(CountedColumn.STATUS_4XX), s.count(CountedColumn.STATUS_5XX),
                s.count(CountedColumn.CONNECTION_ERROR)));
        if (open) {
            b.append("  late ").append(s.count(CountedColumn.LATE));
        }
        if (s.admitted().count() > 0) {
            b.append(String.format(Locale.ROOT, "  admitted p50 %.2f p99 %.2f ms |",
                    LatencySummary.millis(s.admitted().p50Nanos()), LatencySummary.millis(s.admitted().p99Nanos())));
        }
        b.append(String.format(Locale.ROOT, "  all p50 %.2f p99 %.2f max %.2f ms (raw p99 %.2f)",
                LatencySummary.millis(c.p50Nanos()), LatencySummary.millis(c.p99Nanos()),
                LatencySummary.millis(c.maxNanos()), LatencySummary.millis(s.raw().p99Nanos())));
        return b.toString();
    }
}
