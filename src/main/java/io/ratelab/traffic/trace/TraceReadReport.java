package io.ratelab.traffic.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What reading one trace did: how many requests were read, how many lines were skipped (unreadable), repaired (read
 * although a trailing field was damaged), reordered (put back in time order) or late (further out of order than the
 * reorder window; kept at the time of the request before them), how far out of order the file was, and the first
 * problem lines. The one record that {@code simulate} (text and {@code --json} {@code traces}), {@code run} and its
 * report, and the workbench show for every trace they use, so a replay never misses requests silently. Immutable;
 * serialises to JSON with exactly these field names.
 *
 * @param group              the traffic group that replays the trace ({@code -} outside a scenario)
 * @param path               the trace file as the scenario (or the user) names it
 * @param format             the format read ({@code combined}, ..., or the log_format string)
 * @param read               requests read
 * @param skipped            lines set aside as unreadable
 * @param repaired           lines read although a trailing field was cut off or damaged
 * @param reordered          lines put back in time order
 * @param late               lines further out of order than the reorder window
 * @param maxDisorderSeconds the most any line lay behind the latest stamp before it in the file, seconds
 * @param firstProblems      the first {@value LineTally#KEPT} skipped, repaired or late lines, in file order
 */
public record TraceReadReport(String group, String path, String format, long read, long skipped, long repaired,
                              long reordered, long late, double maxDisorderSeconds, List<Problem> firstProblems) {

    /** One problem line: where, and what was done and why ({@code skipped: ...}, {@code repaired: ...}). */
    public record Problem(long line, String reason) {
    }

    public TraceReadReport {
        firstProblems = List.copyOf(firstProblems);
    }

    /** The report of {@code summary}, read for traffic group {@code group} from the file named {@code path}. */
    public static TraceReadReport of(String group, String path, TraceSummary summary) {
        List<Problem> problems = new ArrayList<>();
        add(problems, "skipped", summary.skipped());
        add(problems, "repaired", summary.repaired());
        add(problems, "late", summary.late());
        problems.sort(Comparator.comparingLong(Problem::line));
        return new TraceReadReport(group, path, summary.format().toString(), summary.requests(),
                summary.skipped().count(), summary.repaired().count(), summary.reordered(), summary.late().count(),
                Math.round(summary.maxDisorderNanos() / 1e6) / 1e3,
                problems.subList(0, Math.min(LineTally.KEPT, problems.size())));
    }

    private static void add(List<Problem> problems, String what, LineTally tally) {
        tally.first().forEach(l -> problems.add(new Problem(l.line(), what + ": " + l.reason())));
    }

    /** True when nothing was skipped, repaired or late. */
    public boolean clean() {
        return skipped == 0 && repaired == 0 && late == 0;
    }

    /**
     * One line for a console or a status bar: {@code read 9,994 requests; reordered 9,447 lines, up to 59 s out of
     * order; 2 repaired; 6 skipped (first: line 12, ...); 0 late}.
     */
    public String describe() {
        StringBuilder b = new StringBuilder("read ").append(count(read)).append(read == 1 ? " request" : " requests");
        if (reordered > 0 || late > 0) {
            b.append("; reordered ").append(count(reordered)).append(reordered == 1 ? " line" : " lines")
                    .append(", up to ").append(duration((long) (maxDisorderSeconds * 1e9))).append(" out of order");
        } else {
            b.append("; in order");
        }
        b.append("; ").append(count(repaired)).append(" repaired; ").append(count(skipped)).append(" skipped; ")
                .append(count(late)).append(" late");
        if (!firstProblems.isEmpty()) {
            Problem p = firstProblems.get(0);
            b.append(" (first: line ").append(p.line()).append(", ").append(p.reason()).append(')');
        }
        return b.toString();
    }

    /** {@code trace GROUP (PATH, FORMAT): } and {@link #describe()}. */
    @Override
    public String toString() {
        return "trace " + group + " (" + path + ", " + format + "): " + describe();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A short duration for messages: {@code 250 ms}, {@code 59 s}, {@code 12 min}, {@code 3.5 h}. */
    static String duration(long nanos) {
        if (nanos < TraceRequest.SECOND) {
            return nanos / 1_000_000 + " ms";
        }
        long s = (nanos + TraceRequest.SECOND / 2) / TraceRequest.SECOND;
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s + 30) / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
