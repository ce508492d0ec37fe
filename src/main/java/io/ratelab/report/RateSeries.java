package io.ratelab.report;

import io.ratelab.metrics.IntervalStats;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.SeriesBuffer;
import io.ratelab.report.plot.SeriesColor;

import java.util.List;

/**
 * One rate line of a run chart, built incrementally from the fine intervals of successive snapshots: at the end
 * of each fine interval, the rate over the trailing {@code window} intervals (a 1 s moving window over 100 ms
 * intervals) in requests per second, so the line is both smooth and quick to react. Not thread-safe.
 */
final class RateSeries {

    private final Verdict verdict;
    private final int group;
    private final int window;
    private final SeriesBuffer buffer = new SeriesBuffer();

    /**
     * @param verdict what is counted
     * @param group   the group index, or -1 for all groups
     * @param window  how many fine intervals the moving window spans (at least 1)
     */
    RateSeries(Verdict verdict, int group, int window) {
        this.verdict = verdict;
        this.group = group;
        this.window = Math.max(1, window);
    }

    /** Appends the points of intervals {@code from} .. {@code fine.size() - 1}. */
    void append(List<IntervalStats> fine, int from) {
        for (int i = from; i < fine.size(); i++) {
            int first = Math.max(0, i - window + 1);
            long n = 0;
            for (int j = first; j <= i; j++) {
                n += verdict.count(fine.get(j), group);
            }
            long spanNanos = fine.get(i).endNanos() - fine.get(first).startNanos();
            buffer.add(fine.get(i).endNanos() / 1e9, spanNanos <= 0 ? 0 : n * 1e9 / spanNanos);
        }
    }

    /** The newest rate, or 0 before the first interval. */
    double last() {
        ChartSeries s = buffer.view("", SeriesColor.GREY, false);
        return s.size() == 0 ? 0 : s.lastY();
    }

    ChartSeries view(String name, SeriesColor color, boolean dashed) {
        return buffer.view(name, color, dashed);
    }
}
