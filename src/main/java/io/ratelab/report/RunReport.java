package io.ratelab.report;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.report.plot.ChartData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The report of one live run (traffic through the limiting proxy): counts, rates over time, latency corrected and
 * raw, per traffic group, and the limiter changes made while it ran. Built from the run's final (or newest)
 * {@link MetricsSnapshot}. Immutable once built.
 *
 * @param scenario       the scenario's name
 * @param target         the URL the traffic went to
 * @param targetRate     the planned rate over all groups, requests per second (0 when unknown)
 * @param limiterChanges the limiters in force, each with the second of the run it took effect
 * @param warnings       what the user must know (target rate not reached, unanswered requests)
 * @param snapshot       the run's metrics
 */
public record RunReport(String scenario, String target, double targetRate, List<LimiterChange> limiterChanges,
                        List<String> warnings, MetricsSnapshot snapshot) {

    /** A limiter that took effect {@code atSeconds} into the run. */
    public record LimiterChange(double atSeconds, LimiterSpec limiter) {
    }

    public RunReport {
        limiterChanges = List.copyOf(limiterChanges);
        warnings = List.copyOf(warnings);
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot: a run report needs the run's metrics");
        }
    }

    /** The document for HTML and CSV. */
    public ReportDocument document() {
        RunCharts charts = new RunCharts(snapshot.groups(), 10);
        charts.append(snapshot);
        ChartData rates = charts.rates(true, snapshot.groups().size() > 1 ? Set.copyOf(snapshot.groups()) : Set.of());
        List<ReportDocument.Figure> figures = List.of(
                new ReportDocument.Figure("rates", "Requests per second", rates),
                new ReportDocument.Figure("latency-percentiles", "Latency by percentile (HdrHistogram)",
                        RunCharts.latency(snapshot)),
                new ReportDocument.Figure("latency-over-time", "p50 and p99 per second",
                        charts.percentilesOverTime()));
        String subtitle = String.format(java.util.Locale.ROOT, "Live run of %s against %s, %.0f s", scenario, target,
                snapshot.elapsedNanos() / 1e9);
        return new ReportDocument("RateLab live run: " + scenario, subtitle, Instant.now(), List.of(
                new ReportDocument.Section("Summary", warnings, List.of(), List.of(totalsTable(), limitersTable())),
                new ReportDocument.Section("Charts", List.of(), figures, List.of()),
                new ReportDocument.Section("Traffic groups", List.of(), List.of(), List.of(groupsTable()))));
    }

    private ReportDocument.Table totalsTable() {
        LatencySummary c = snapshot.correctedSummary();
        LatencySummary r = snapshot.rawSummary();
        double seconds = Math.max(1e-9, snapshot.elapsedNanos() / 1e9);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("offered", Verdict.OFFERED.total(snapshot, -1)));
        rows.add(List.of("accepted (2xx)", Verdict.ACCEPTED.total(snapshot, -1)));
        rows.add(List.of("rejected (429)", Verdict.REJECTED.total(snapshot, -1)));
        rows.add(List.of("errors", Verdict.ERRORS.total(snapshot, -1)));
        rows.add(List.of("achieved rate (req/s)", Verdict.OFFERED.total(snapshot, -1) / seconds));
        rows.add(List.of("target rate (req/s)", targetRate));
        rows.add(List.of("p50 ms corrected / raw", ms(c.p50Nanos()) + " / " + ms(r.p50Nanos())));
        rows.add(List.of("p99 ms corrected / raw", ms(c.p99Nanos()) + " / " + ms(r.p99Nanos())));
        rows.add(List.of("p99.9 ms corrected / raw", ms(c.p999Nanos()) + " / " + ms(r.p999Nanos())));
        rows.add(List.of("max ms corrected / raw", ms(c.maxNanos()) + " / " + ms(r.maxNanos())));
        return new ReportDocument.Table("totals", "Totals", List.of("measure", "value"), rows);
    }

    private ReportDocument.Table limitersTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (LimiterChange ch : limiterChanges) {
            LimiterSpec s = ch.limiter();
            rows.add(List.of(ch.atSeconds(), s.name(), s.algorithm().id(), s.rate() == null ? "–" : s.rate().toString(),
                    s.burst() == null ? "–" : s.burst().toString()));
        }
        return new ReportDocument.Table("limiters", "Limiters in force",
                List.of("from second", "name", "algorithm", "rate", "burst"), rows);
    }

    private ReportDocument.Table groupsTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (int g = 0; g < snapshot.groups().size(); g++) {
            LatencySummary l = snapshot.groupCorrected().get(g);
            rows.add(List.of(snapshot.groups().get(g), Verdict.OFFERED.total(snapshot, g),
                    Verdict.ACCEPTED.total(snapshot, g), Verdict.REJECTED.total(snapshot, g),
                    Verdict.ERRORS.total(snapshot, g), LatencySummary.millis(l.p50Nanos()),
                    LatencySummary.millis(l.p99Nanos())));
        }
        return new ReportDocument.Table("groups", "Per traffic group", List.of("group", "offered", "accepted",
                "rejected", "errors", "p50 ms", "p99 ms"), rows);
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** The numbers for {@code report.json}. */
    public Json json() {
        List<Json.Group> groups = new ArrayList<>();
        for (int g = 0; g < snapshot.groups().size(); g++) {
            groups.add(new Json.Group(snapshot.groups().get(g), Verdict.OFFERED.total(snapshot, g),
                    Verdict.ACCEPTED.total(snapshot, g), Verdict.REJECTED.total(snapshot, g),
                    Verdict.ERRORS.total(snapshot, g), Json.Latency.of(snapshot.groupCorrected().get(g))));
        }
        List<IntervalStats> coarse = snapshot.coarse().stream().filter(c -> c.endNanos() > c.startNanos()).toList();
        long[][] perSecond = new long[4][coarse.size()];
        for (int i = 0; i < coarse.size(); i++) {
            for (Verdict v : Verdict.values()) {
                perSecond[v.ordinal()][i] = v.count(coarse.get(i), -1);
            }
        }
        double seconds = Math.max(1e-9, snapshot.elapsedNanos() / 1e9);
        return new Json(scenario, target, seconds, targetRate, Verdict.OFFERED.total(snapshot, -1) / seconds,
                Verdict.OFFERED.total(snapshot, -1), Verdict.ACCEPTED.total(snapshot, -1),
                Verdict.REJECTED.total(snapshot, -1), Verdict.ERRORS.total(snapshot, -1),
                Json.Latency.of(snapshot.correctedSummary()), Json.Latency.of(snapshot.rawSummary()),
                new Json.PerSecond(perSecond[Verdict.OFFERED.ordinal()], perSecond[Verdict.ACCEPTED.ordinal()],
                        perSecond[Verdict.REJECTED.ordinal()], perSecond[Verdict.ERRORS.ordinal()]),
                groups, limiterChanges, warnings);
    }

    /** The JSON form of a live run report; field names are part of the file format. */
    public record Json(String scenario, String target, double durationSeconds, double targetRate,
                       double achievedRate, long offered, long accepted, long rejected, long errors,
                       Latency latencyMs, Latency rawLatencyMs, PerSecond perSecond, List<Group> groups,
                       List<LimiterChange> limiters, List<String> warnings) {

        /** Percentiles in milliseconds. */
        public record Latency(double p50, double p90, double p99, double p999, double max, long count) {
            static Latency of(LatencySummary s) {
                return new Latency(s.p50Nanos() / 1e6, s.p90Nanos() / 1e6, s.p99Nanos() / 1e6, s.p999Nanos() / 1e6,
                        s.maxNanos() / 1e6, s.count());
            }
        }

        /** Counts per second of the run. */
        public record PerSecond(long[] offered, long[] accepted, long[] rejected, long[] errors) {
        }

        /** One traffic group. */
        public record Group(String name, long offered, long accepted, long rejected, long errors,
                           Latency latencyMs) {
        }
    }
}
