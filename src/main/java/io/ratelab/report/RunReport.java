package io.ratelab.report;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.traffic.trace.TraceReadReport;
import io.ratelab.metrics.ClientStats;
import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.LatencyByOutcome;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartMarker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The report of one live run (traffic through the limiting proxy): counts, rates over time, latency corrected and
 * raw, per traffic group with each group's fairness, the busiest clients (up to {@code RunMetrics.TOP_CLIENTS}, by
 * offered requests, with their admitted share: who got starved), and the limiter changes made while it ran. Built from the run's final (or newest)
 * {@link MetricsSnapshot}. Immutable once built.
 *
 * @param scenario       the scenario's name
 * @param target         the URL the traffic went to
 * @param targetRate     the planned rate over all groups, requests per second (0 when unknown)
 * @param limiterChanges the limiters in force, each with the second of the run it took effect
 * @param warnings       what the user must know (target rate not reached, unanswered requests)
 * @param snapshot       the run's metrics
 * @param traces         what reading each replayed trace did (skipped, repaired, reordered, late lines); empty when
 *                       the traffic replays no trace
 */
public record RunReport(String scenario, String target, double targetRate, List<LimiterChange> limiterChanges,
                        List<String> warnings, MetricsSnapshot snapshot, List<TraceReadReport> traces) {

    /** A limiter that took effect {@code atSeconds} into the run. */
    public record LimiterChange(double atSeconds, LimiterSpec limiter) {

        /** "12.3 s: the proxy switched to 'gcra': gcra 20/s, burst 40". */
        public String description() {
            return String.format(java.util.Locale.ROOT, "%.1f s: the proxy switched to '%s': %s", atSeconds,
                    limiter.name(), settings(limiter));
        }

        /** A limiter's algorithm and the numbers it was given: "gcra 20/s, burst 40". */
        public static String settings(LimiterSpec s) {
            StringBuilder b = new StringBuilder(s.algorithm().id());
            if (s.rate() != null) {
                b.append(' ').append(s.rate());
            }
            if (s.burst() != null) {
                b.append(", burst ").append(s.burst());
            }
            if (s.window() != null) {
                b.append(", window ").append(io.ratelab.limit.Durations.format(s.window()));
            }
            return b.toString();
        }
    }

    /**
     * The swaps of a run as chart markers, the same in the workbench and the report: a line at each change but the
     * first limiter, labelled with the new limiter's name, its settings in the hover read-out.
     *
     * @param changes the limiters in force, oldest first
     */
    public static List<ChartMarker> swapMarkers(List<LimiterChange> changes) {
        List<ChartMarker> markers = new ArrayList<>();
        for (int i = 1; i < changes.size(); i++) {
            LimiterChange c = changes.get(i);
            markers.add(ChartMarker.line(c.atSeconds(), "→ " + c.limiter().name(), c.description()));
        }
        return List.copyOf(markers);
    }

    private static ChartData withSwaps(ChartData chart, List<ChartMarker> swaps) {
        List<ChartMarker> all = new ArrayList<>(chart.markers());
        all.addAll(swaps);
        all.sort(java.util.Comparator.comparingDouble(ChartMarker::x));
        return chart.withMarkers(all);
    }

    /** A report of traffic that replays no trace. */
    public RunReport(String scenario, String target, double targetRate, List<LimiterChange> limiterChanges,
                     List<String> warnings, MetricsSnapshot snapshot) {
        this(scenario, target, targetRate, limiterChanges, warnings, snapshot, List.of());
    }

    public RunReport {
        limiterChanges = List.copyOf(limiterChanges);
        warnings = List.copyOf(warnings);
        traces = traces == null ? List.of() : List.copyOf(traces);
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot: a run report needs the run's metrics");
        }
    }

    /** The document for HTML and CSV. */
    public ReportDocument document() {
        RunCharts charts = new RunCharts(snapshot.groups(), 10);
        charts.append(snapshot);
        List<ChartMarker> swaps = swapMarkers(limiterChanges);
        ChartData rates = withSwaps(charts.rates(true, snapshot.groups().size() > 1 ? Set.copyOf(snapshot.groups())
                : Set.of()), swaps);
        List<ReportDocument.Figure> figures = List.of(
                new ReportDocument.Figure("rates", "Requests per second", rates),
                new ReportDocument.Figure("latency-percentiles", "Latency by percentile (HdrHistogram)",
                        RunCharts.latency(snapshot)),
                new ReportDocument.Figure("latency-over-time", "p50 and p99 per second (of ≥ 100 answers)",
                        withSwaps(charts.percentilesOverTime(), swaps)));
        String subtitle = String.format(java.util.Locale.ROOT, "Live run of %s against %s, %.0f s", scenario, target,
                snapshot.elapsedNanos() / 1e9);
        return new ReportDocument("RateLab live run: " + scenario, subtitle, Instant.now(), List.of(
                new ReportDocument.Section("Summary", summaryNotes(), List.of(), List.of(totalsTable(),
                        limitersTable())),
                new ReportDocument.Section("Charts", List.of(), figures, List.of()),
                new ReportDocument.Section("Traffic groups", List.of(), List.of(), List.of(groupsTable())),
                new ReportDocument.Section("Clients", List.of(clientsNote()), List.of(),
                        List.of(clientsTable(), leastServedTable()))));
    }

    /** The warnings, then one line per replayed trace saying what reading it did. */
    private List<String> summaryNotes() {
        List<String> notes = new ArrayList<>(warnings);
        traces.forEach(t -> notes.add(t.toString()));
        return notes;
    }

    private ReportDocument.Table totalsTable() {
        LatencySummary c = snapshot.correctedSummary();
        LatencySummary r = snapshot.rawSummary();
        double seconds = Math.max(1e-9, snapshot.elapsedNanos() / 1e9);
        List<List<Object>> rows = new ArrayList<>();
        LatencyByOutcome o = snapshot.byOutcome();
        rows.add(List.of("offered (first attempts)", Verdict.OFFERED.total(snapshot, -1)));
        rows.add(List.of("sent (+ retries)", Verdict.SENT.total(snapshot, -1)));
        rows.add(List.of("admitted (2xx)", Verdict.ACCEPTED.total(snapshot, -1)));
        rows.add(List.of("rejected (429)", Verdict.REJECTED.total(snapshot, -1)));
        rows.add(List.of("errors", Verdict.ERRORS.total(snapshot, -1)));
        rows.add(List.of("offered rate (req/s)", Verdict.OFFERED.total(snapshot, -1) / seconds));
        rows.add(List.of("retries (req/s)", Verdict.RETRIES.total(snapshot, -1) / seconds));
        rows.add(List.of("target rate (req/s)", targetRate));
        rows.add(List.of("admitted p50 / p99 ms", ms(o.admitted().p50Nanos()) + " / " + ms(o.admitted().p99Nanos())));
        rows.add(List.of("rejected p50 / p99 ms", ms(o.rejected().p50Nanos()) + " / " + ms(o.rejected().p99Nanos())));
        rows.add(List.of("errors p50 / p99 ms", ms(o.error().p50Nanos()) + " / " + ms(o.error().p99Nanos())));
        rows.add(List.of("all answers: p50 ms corrected / raw", ms(c.p50Nanos()) + " / " + ms(r.p50Nanos())));
        rows.add(List.of("p99 ms corrected / raw", ms(c.p99Nanos()) + " / " + ms(r.p99Nanos())));
        rows.add(List.of("p99.9 ms corrected / raw", ms(c.p999Nanos()) + " / " + ms(r.p999Nanos())));
        rows.add(List.of("max ms corrected / raw", ms(c.maxNanos()) + " / " + ms(r.maxNanos())));
        return new ReportDocument.Table("totals", "Totals", List.of("measure", "value"), rows);
    }

    private ReportDocument.Table limitersTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (LimiterChange ch : limiterChanges) {
            LimiterSpec s = ch.limiter();
            rows.add(List.of(Math.round(ch.atSeconds() * 10) / 10.0, s.name(), s.algorithm().id(), s.rate() == null ? "–" : s.rate().toString(),
                    s.burst() == null ? "–" : s.burst().toString()));
        }
        return new ReportDocument.Table("limiters", "Limiters in force",
                List.of("from second", "name", "algorithm", "rate", "burst"), rows);
    }

    private ReportDocument.Table groupsTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (int g = 0; g < snapshot.groups().size(); g++) {
            LatencySummary l = snapshot.groupByOutcome().get(g).admitted();
            rows.add(List.of(snapshot.groups().get(g), Verdict.OFFERED.total(snapshot, g),
                    Verdict.SENT.total(snapshot, g), Verdict.ACCEPTED.total(snapshot, g),
                    Verdict.REJECTED.total(snapshot, g), Verdict.ERRORS.total(snapshot, g),
                    LatencySummary.millis(l.p50Nanos()), LatencySummary.millis(l.p99Nanos()),
                    fairnessCell(snapshot.clients().groups().get(g).index())));
        }
        return new ReportDocument.Table("groups", "Per traffic group", List.of("group", "offered", "sent", "admitted",
                "rejected", "errors", "admitted p50 ms", "admitted p99 ms", "fairness"), rows);
    }

    private String clientsNote() {
        ClientStats c = snapshot.clients();
        return String.format(java.util.Locale.ROOT, "The %d busiest of the %,d clients that sent, by offered requests"
                        + " (first attempts; admitted = 2xx, rejected = 429 of any attempt). Fairness is Jain's index"
                        + " of the clients' admitted shares (admitted / offered): 1 when every client got the same share"
                        + " of what it asked for, 1/n when one got through and the rest were starved. Over all clients:"
                        + " %s. The least served are the clients with the lowest admitted share among those that sent"
                        + " at least %d requests, lowest first.", c.busiest().size(), c.active(),
                Double.isNaN(c.overall().index()) ? "–" : threeDecimals(c.overall().index()).toPlainString(),
                ClientStats.LEAST_SERVED_MIN_OFFERED);
    }

    private ReportDocument.Table clientsTable() {
        return clientTable("clients", "Busiest clients", snapshot.clients().busiest());
    }

    private ReportDocument.Table leastServedTable() {
        return clientTable("least-served-clients", "Least-served clients", snapshot.clients().leastServed());
    }

    private static ReportDocument.Table clientTable(String id, String title, List<ClientStats.ClientCount> clients) {
        List<List<Object>> rows = new ArrayList<>();
        for (ClientStats.ClientCount c : clients) {
            rows.add(List.of(c.key(), c.group(), c.offered(), c.admitted(), c.rejected(),
                    Math.round(10_000 * c.admittedShare()) / 100.0));
        }
        return new ReportDocument.Table(id, title, List.of("client", "group", "offered", "admitted", "rejected",
                "admitted %"), rows);
    }

    /** A fraction with three decimals (the HTML shows two for doubles), or null for NaN. */
    /** A fairness for a table cell: three decimals, or a dash before any client sent (NaN). */
    private static Object fairnessCell(double v) {
        return Double.isNaN(v) ? "–" : threeDecimals(v);
    }

    private static BigDecimal threeDecimals(double v) {
        return Double.isNaN(v) ? null : BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP);
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** The numbers for {@code report.json}. */
    public Json json() {
        List<Json.Group> groups = new ArrayList<>();
        for (int g = 0; g < snapshot.groups().size(); g++) {
            groups.add(new Json.Group(snapshot.groups().get(g), Verdict.OFFERED.total(snapshot, g),
                    Verdict.SENT.total(snapshot, g), Verdict.ACCEPTED.total(snapshot, g),
                    Verdict.REJECTED.total(snapshot, g), Verdict.ERRORS.total(snapshot, g),
                    Json.Latency.of(snapshot.groupCorrected().get(g)),
                    Json.ByOutcome.of(snapshot.groupByOutcome().get(g)),
                    Json.orNull(snapshot.clients().groups().get(g).index())));
        }
        List<IntervalStats> coarse = snapshot.coarse().stream().filter(c -> c.endNanos() > c.startNanos()).toList();
        long[][] perSecond = new long[Verdict.values().length][coarse.size()];
        for (int i = 0; i < coarse.size(); i++) {
            for (Verdict v : Verdict.values()) {
                perSecond[v.ordinal()][i] = v.count(coarse.get(i), -1);
            }
        }
        double seconds = Math.max(1e-9, snapshot.elapsedNanos() / 1e9);
        return new Json(scenario, target, seconds, targetRate, Verdict.OFFERED.total(snapshot, -1) / seconds,
                Verdict.RETRIES.total(snapshot, -1) / seconds, Verdict.OFFERED.total(snapshot, -1),
                Verdict.SENT.total(snapshot, -1), Verdict.RETRIES.total(snapshot, -1),
                Verdict.ACCEPTED.total(snapshot, -1), Verdict.REJECTED.total(snapshot, -1),
                Verdict.ERRORS.total(snapshot, -1), Json.Latency.of(snapshot.correctedSummary()),
                Json.ByOutcome.of(snapshot.byOutcome()), Json.Latency.of(snapshot.rawSummary()),
                new Json.PerSecond(perSecond[Verdict.OFFERED.ordinal()], perSecond[Verdict.RETRIES.ordinal()],
                        perSecond[Verdict.ACCEPTED.ordinal()], perSecond[Verdict.REJECTED.ordinal()],
                        perSecond[Verdict.ERRORS.ordinal()]),
                groups, Json.orNull(snapshot.clients().overall().index()), snapshot.clients().active(),
                snapshot.clients().busiest().stream().map(Json.Client::of).toList(),
                snapshot.clients().leastServed().stream().map(Json.Client::of).toList(), limiterChanges, warnings,
                traces);
    }

    /**
     * The JSON form of a live run report; field names are part of the file format. {@code fairness} (overall and per
     * group) is Jain's index of the clients' admitted shares, null before any client sent; {@code clients} are the
     * busiest by offered requests, {@code leastServedClients} those with the lowest admitted share (of the clients
     * that sent at least {@value ClientStats#LEAST_SERVED_MIN_OFFERED} requests), {@code activeClients} how many sent
     * at all. Counts in the words of {@link io.ratelab.metrics.Vocabulary}: {@code offered} first attempts,
     * {@code sent} with retries, {@code accepted} the admitted (2xx); {@code achievedRate} is offered per second,
     * {@code retryRate} retries per second. {@code latencyMs} covers every answer, {@code latencyByOutcomeMs} splits it
     * into admitted (the headline), rejected and error.
     */
    public record Json(String scenario, String target, double durationSeconds, double targetRate,
                       double achievedRate, double retryRate, long offered, long sent, long retries, long accepted,
                       long rejected, long errors, Latency latencyMs, ByOutcome latencyByOutcomeMs,
                       Latency rawLatencyMs, PerSecond perSecond, List<Group> groups,
                       Double fairness, long activeClients, List<Client> clients, List<Client> leastServedClients,
                       List<LimiterChange> limiters, List<String> warnings, List<TraceReadReport> traces) {

        static Double orNull(double v) {
            return Double.isNaN(v) ? null : v;
        }

        /** One client: offered = first attempts, admitted = 2xx, rejected = 429; admittedShare = admitted / offered. */
        public record Client(String key, String group, long offered, long admitted, long rejected,
                             double admittedShare) {
            static Client of(ClientStats.ClientCount c) {
                return new Client(c.key(), c.group(), c.offered(), c.admitted(), c.rejected(), c.admittedShare());
            }
        }

        /** Percentiles in milliseconds. */
        public record Latency(double p50, double p90, double p99, double p999, double max, long count) {
            static Latency of(LatencySummary s) {
                return new Latency(s.p50Nanos() / 1e6, s.p90Nanos() / 1e6, s.p99Nanos() / 1e6, s.p999Nanos() / 1e6,
                        s.maxNanos() / 1e6, s.count());
            }
        }

        /** Latency by answer. */
        public record ByOutcome(Latency admitted, Latency rejected, Latency error) {
            static ByOutcome of(LatencyByOutcome o) {
                return new ByOutcome(Latency.of(o.admitted()), Latency.of(o.rejected()), Latency.of(o.error()));
            }
        }

        /** Counts per second of the run. */
        public record PerSecond(long[] offered, long[] retries, long[] accepted, long[] rejected, long[] errors) {
        }

        /** One traffic group. */
        public record Group(String name, long offered, long sent, long accepted, long rejected, long errors,
                           Latency latencyMs, ByOutcome latencyByOutcomeMs, Double fairness) {
        }
    }
}
