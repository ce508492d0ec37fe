package io.ratelab.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratelab.load.LoadResult;
import io.ratelab.metrics.ErrorCauses;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.metrics.Vocabulary;
import io.ratelab.report.Verdict;

import java.util.Locale;

/**
 * How {@code ratelab load} prints a {@link LoadResult}: a human summary, or the JSON object whose field names are
 * the command-line contract ({@code sent, achievedRate, status, latencyMs, rawLatencyMs, late}, more alongside).
 * Counts in the words of {@link Vocabulary}: {@code offered} (first attempts), {@code sent} (+ retries), and by answer
 * {@code admitted}, {@code rejected}, {@code errors}; {@code latencyMs} covers every answer,
 * {@code latencyByOutcomeMs} splits it into {@code admitted} (the headline), {@code rejected} and {@code error}.
 */
final class LoadOutput {

    private LoadOutput() {
    }

    /** The {@code --json} document. Latencies in milliseconds, rates per second. */
    static ObjectNode json(LoadResult r) {
        MetricsSnapshot m = r.metrics();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("mode", r.mode());
        root.put("target", r.target());
        root.put("durationSeconds", r.durationNanos() / 1e9);
        root.put("offered", Verdict.OFFERED.total(m, -1));
        root.put("sent", r.sent());
        root.put("admitted", Verdict.ACCEPTED.total(m, -1));
        root.put("rejected", Verdict.REJECTED.total(m, -1));
        root.put("errors", Verdict.ERRORS.total(m, -1));
        root.put("achievedRate", round(r.achievedRate()));
        if ("open".equals(r.mode())) {
            root.put("targetRate", round(r.targetRate()));
            root.put("scheduled", r.scheduled());
        }
        ObjectNode status = root.putObject("status");
        for (CountedColumn o : CountedColumn.values()) {
            if (o.isCompletion()) {
                status.put(o.label(), m.total(o));
            }
        }
        ObjectNode causes = root.putObject("errorCauses");
        m.errorCauses().forEach(causes::put);
        latency(root.putObject("latencyMs"), m.correctedSummary());
        ObjectNode byOutcome = root.putObject("latencyByOutcomeMs");
        latency(byOutcome.putObject("admitted"), m.byOutcome().admitted());
        latency(byOutcome.putObject("rejected"), m.byOutcome().rejected());
        latency(byOutcome.putObject("error"), m.byOutcome().error());
        latency(root.putObject("rawLatencyMs"), m.rawSummary());
        root.put("late", r.late());
        if (r.lateThresholdNanos() != Long.MAX_VALUE) {
            root.put("lateThresholdMs", r.lateThresholdNanos() / 1e6);
        }
        root.put("maxLagMs", round(r.maxLagNanos() / 1e6));
        root.put("retries", m.total(CountedColumn.RETRY));
        root.put("dropped", m.total(CountedColumn.DROPPED));
        root.put("unfinished", r.unfinished());
        ObjectNode connections = root.putObject("connections");
        connections.put("bound", r.connections().bound());
        connections.put("opened", r.connections().opened());
        connections.put("closedIdle", r.connections().closedIdle());
        connections.put("peakOpen", r.connections().peakOpen());
        if (r.warmupNanos() > 0) {
            root.put("warmupSeconds", r.warmupNanos() / 1e9);
            root.put("warmupSent", r.warmupSent());
        }
        root.putArray("warnings").addAll(r.warnings().stream()
                .map(JsonNodeFactory.instance::textNode).toList());
        return root;
    }

    /** The human summary printed after the progress lines. */
    static String text(LoadResult r) {
        MetricsSnapshot m = r.metrics();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s loop against %s for %.1f s", r.mode(), r.target(),
                r.durationNanos() / 1e9));
        if (r.warmupNanos() > 0) {
            b.append(String.format(Locale.ROOT, " after a %.1f s warm-up (%d requests, not counted)",
                    r.warmupNanos() / 1e9, r.warmupSent()));
        }
        b.append(String.format(Locale.ROOT, "%n"));
        if ("open".equals(r.mode())) {
            b.append(String.format(Locale.ROOT, "  rate      achieved %.1f/s of target %.1f/s (%.2f%%), %d scheduled%n",
                    r.achievedRate(), r.targetRate(), r.targetRate() == 0 ? 0 : 100 * r.achievedRate() / r.targetRate(),
                    r.scheduled()));
            b.append(String.format(Locale.ROOT, "  late      %d sent more than %.1f ms behind schedule (worst %.2f ms)%n",
                    r.late(), r.lateThresholdNanos() / 1e6, r.maxLagNanos() / 1e6));
        } else {
            b.append(String.format(Locale.ROOT, "  rate      %.1f/s%n", r.achievedRate()));
        }
        b.append(String.format(Locale.ROOT, "  offered   %d first attempts; sent %d (retries %d, dropped %d,"
                        + " unfinished %d)%n", Verdict.OFFERED.total(m, -1), r.sent(), m.total(CountedColumn.RETRY),
                m.total(CountedColumn.DROPPED), r.unfinished()));
        b.append(String.format(Locale.ROOT, "  conns     %d opened, %d idle ones closed to stay within %d open at once"
                + " (at most %d were)%n", r.connections().opened(), r.connections().closedIdle(),
                r.connections().bound(), r.connections().peakOpen()));
        b.append(String.format(Locale.ROOT, "  answers   admitted %d (2xx), rejected %d (429), errors %d%n",
                Verdict.ACCEPTED.total(m, -1), Verdict.REJECTED.total(m, -1), Verdict.ERRORS.total(m, -1)));
        b.append("  status   ");
        for (CountedColumn o : CountedColumn.values()) {
            if (o.isCompletion()) {
                b.append(' ').append(o.label()).append(':').append(m.total(o));
            }
        }
        b.append(System.lineSeparator());
        if (!m.errorCauses().isEmpty()) {
            b.append("  errors    ").append(ErrorCauses.describe(m.errorCauses())).append(System.lineSeparator());
        }
        b.append("  latency   admitted (2xx, from intended)   ").append(ms(m.byOutcome().admitted()))
                .append(System.lineSeparator());
        b.append("            rejected (429)                  ").append(ms(m.byOutcome().rejected()))
                .append(System.lineSeparator());
        b.append("            errors                          ").append(ms(m.byOutcome().error()))
                .append(System.lineSeparator());
        b.append("            all answers (from intended)     ").append(ms(m.correctedSummary()))
                .append(System.lineSeparator());
        b.append("            raw (from actual send)          ").append(ms(m.rawSummary()))
                .append(System.lineSeparator());
        return b.toString();
    }

    private static String ms(LatencySummary s) {
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms",
                s.p50Nanos() / 1e6, s.p90Nanos() / 1e6, s.p99Nanos() / 1e6, s.p999Nanos() / 1e6, s.maxNanos() / 1e6);
    }

    static void latency(ObjectNode node, LatencySummary s) {
        node.put("p50", round(s.p50Nanos() / 1e6));
        node.put("p90", round(s.p90Nanos() / 1e6));
        node.put("p99", round(s.p99Nanos() / 1e6));
        node.put("p999", round(s.p999Nanos() / 1e6));
        node.put("max", round(s.maxNanos() / 1e6));
        node.put("mean", round(s.meanNanos() / 1e6));
        node.put("count", s.count());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
