package io.ratelab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratelab.load.LoadResult;
import io.ratelab.metrics.IntervalStats;
import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.metrics.Vocabulary;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.FileFormats;
import io.ratelab.traffic.trace.TraceReadReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files {@code ratelab run --report DIR} writes: {@code summary.json} (one {@code load --json} object per
 * limiter, and the {@code traces} read), {@code summary.csv} (one row per limiter), {@code <limiter>.timeline.csv}
 * (per second: counts by status and latency percentiles) and {@code <limiter>.hlog} (written live by the run, see
 * {@code HlogWriter}).
 */
final class LiveReport {

    private static final CountedColumn[] COLUMNS = {CountedColumn.SCHEDULED, CountedColumn.SENT, CountedColumn.RETRY,
            CountedColumn.LATE, CountedColumn.STATUS_200, CountedColumn.STATUS_2XX, CountedColumn.STATUS_429,
            CountedColumn.STATUS_4XX, CountedColumn.STATUS_5XX, CountedColumn.STATUS_OTHER,
            CountedColumn.CONNECTION_ERROR, CountedColumn.DROPPED};

    private final Map<String, LoadResult> results = new LinkedHashMap<>();
    private final Map<String, DemoUpstream.Stats> upstreams = new LinkedHashMap<>();
    private final List<TraceReadReport> traces;

    /** {@code traces}: what reading each replayed trace did, listed under the table and in summary.json. */
    LiveReport(List<TraceReadReport> traces) {
        this.traces = List.copyOf(traces);
    }

    void add(String limiter, LoadResult result, DemoUpstream.Stats upstream) {
        results.put(limiter, result);
        upstreams.put(limiter, upstream);
    }

    /** What the demo upstream served during one limiter's run, one line. */
    static String upstreamLine(DemoUpstream.Stats u) {
        return String.format(Locale.ROOT, "upstream served %d (errors %d, refused %d); service time drawn p50 %.2f"
                        + " p99 %.2f ms, as served p50 %.2f p99 %.2f ms; queue wait p50 %.2f p99 %.2f mean %.2f ms",
                u.served(), u.errors(), u.refused(), ms(u.drawn().p50Nanos()), ms(u.drawn().p99Nanos()),
                ms(u.serviceTime().p50Nanos()), ms(u.serviceTime().p99Nanos()), ms(u.queueWait().p50Nanos()),
                ms(u.queueWait().p99Nanos()), u.queueWait().meanNanos() / 1e6);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The comparison printed after the run: one row per limiter. */
    String table(String scenario) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "scenario %s, live%n", scenario));
        int width = Math.max(20, results.keySet().stream().mapToInt(String::length).max().orElse(0));
        b.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9s %9s %9s %7s %8s %9s %9s %9s %9s%n", "limiter",
                "offered", "rate/s", "sent", "admitted", "rejected", "errors", "retries", "adm p50", "adm p99",
                "rej p50", "all p99"));
        results.forEach((name, r) -> b.append(RunCommand.row(name, width, r)));
        traces.forEach(t -> b.append(t).append(System.lineSeparator()));
        b.append(Vocabulary.LEGEND).append(System.lineSeparator());
        b.append("rate/s: offered per second; adm/rej p50, p99: latency (ms) of admitted (2xx) and rejected (429)"
                + " answers; all p99: every answer").append(System.lineSeparator());
        return b.toString();
    }

    /** A file-name-safe form of a limiter name. */
    static String fileName(String limiter) {
        String s = limiter.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "limiter" : s;
    }

    void write(Path dir, String scenario) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("scenario", scenario);
        ArrayNode limiters = root.putArray("limiters");
        StringBuilder csv = new StringBuilder("limiter,achievedRate,targetRate");
        for (CountedColumn o : COLUMNS) {
            csv.append(',').append(o.label());
        }
        csv.append(",p50Ms,p90Ms,p99Ms,p999Ms,maxMs,rawP50Ms,rawP99Ms,rawMaxMs\n");
        for (Map.Entry<String, LoadResult> e : results.entrySet()) {
            LoadResult r = e.getValue();
            ObjectNode one = limiters.addObject().put("limiter", e.getKey());
            one.setAll(LoadOutput.json(r));
            DemoUpstream.Stats u = upstreams.get(e.getKey());
            if (u != null) {
                ObjectNode up = one.putObject("upstream");
                up.put("served", u.served()).put("errors", u.errors()).put("refused", u.refused());
                LoadOutput.latency(up.putObject("serviceTimeDrawnMs"), u.drawn());
                LoadOutput.latency(up.putObject("serviceTimeServedMs"), u.serviceTime());
                LoadOutput.latency(up.putObject("queueWaitMs"), u.queueWait());
            }
            csv.append(quote(e.getKey())).append(',').append(num(r.achievedRate())).append(',').append(num(r.targetRate()));
            for (CountedColumn o : COLUMNS) {
                csv.append(',').append(r.metrics().total(o));
            }
            LatencySummary c = r.metrics().correctedSummary();
            LatencySummary w = r.metrics().rawSummary();
            csv.append(',').append(msText(c.p50Nanos())).append(',').append(msText(c.p90Nanos())).append(',')
                    .append(msText(c.p99Nanos())).append(',').append(msText(c.p999Nanos())).append(',')
                    .append(msText(c.maxNanos())).append(',').append(msText(w.p50Nanos())).append(',')
                    .append(msText(w.p99Nanos())).append(',').append(msText(w.maxNanos())).append('\n');
            Files.writeString(dir.resolve(fileName(e.getKey()) + ".timeline.csv"), timeline(r), StandardCharsets.UTF_8);
        }
        root.putPOJO("traces", traces);
        Files.writeString(dir.resolve("summary.json"), FileFormats.json().writeValueAsString(root),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), csv.toString(), StandardCharsets.UTF_8);
    }

    private static String timeline(LoadResult r) {
        StringBuilder b = new StringBuilder("startS,endS");
        for (CountedColumn o : COLUMNS) {
            b.append(',').append(o.label());
        }
        b.append(",p50Ms,p99Ms,p999Ms,maxMs,rawP99Ms,admittedP50Ms,admittedP99Ms\n");
        for (IntervalStats s : r.metrics().coarse()) {
            b.append(num(s.startNanos() / 1e9)).append(',').append(num(s.endNanos() / 1e9));
            for (CountedColumn o : COLUMNS) {
                b.append(',').append(s.count(o));
            }
            b.append(',').append(msText(s.corrected().p50Nanos())).append(',').append(msText(s.corrected().p99Nanos()))
                    .append(',').append(msText(s.corrected().p999Nanos())).append(',')
                    .append(msText(s.corrected().maxNanos())).append(',').append(msText(s.raw().p99Nanos()))
                    .append(',').append(msText(s.admitted().p50Nanos())).append(',')
                    .append(msText(s.admitted().p99Nanos())).append('\n');
        }
        return b.toString();
    }

    private static String quote(String s) {
        return s.matches("[^,\"\\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String msText(long nanos) {
        return num(nanos / 1e6);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
