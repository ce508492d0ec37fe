package io.ratelab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ratelab.limit.Durations;
import io.ratelab.scenario.FileFormats;
import io.ratelab.traffic.trace.LineTally;
import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceKey;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ratelab trace inspect FILE [--format F] [--key K] [--json]}: reads a trace once (streaming) and prints its
 * span, request count, distinct clients, per-second rate (min, median, max), top clients and the lines skipped or
 * moved (the first few with line numbers). An unreadable file or format prints what and where, and exits 2.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarise a trace: span, requests, distinct clients, rate per second (min, median, max),",
                "top clients, and the lines skipped (the first few with their line numbers)."})
public final class TraceInspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "an access log, HAR, CSV, JSON-lines file or proxy recording"
            + " (.gz is read too)")
    Path file;

    @Option(names = "--format", paramLabel = "F", description = "combined, common, har, csv, jsonl, ratelab or an"
            + " nginx log_format string (default: detected)")
    String format;

    @Option(names = "--key", paramLabel = "K", description = "who is a client: ip, forwarded, header:NAME, user,"
            + " route, host, key or global (default: ip for logs; host for a HAR on several hosts, else route; key"
            + " otherwise)")
    String key;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "top clients to list"
            + " (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--seed", defaultValue = "1", description = "seed for spreading whole-second stamps within their"
            + " second (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--reorder-window", defaultValue = "auto", paramLabel = "DURATION", description = "how far out of"
            + " order a line may be and still be put in place, 0 to 1h (default ${DEFAULT-VALUE}: a first pass"
            + " measures the file's disorder and covers it)")
    String reorderWindow;

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Option(names = "--profile", description = "with --json: include the requests in every second (perSecond)")
    boolean profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (InputFiles.isMissingTrace(file, err)) {
            return InputFiles.BAD_INPUT;
        }
        TraceSummary s;
        long started = System.nanoTime();
        try {
            TraceOptions options = TraceOptions.defaults().withSeed(seed)
                    .withFormat(format == null ? null : TraceFormat.parse(format))
                    .withKey(key == null ? null : TraceKey.parse(key))
                    .withReorderWindowNanos(window(reorderWindow));
            s = TraceSummary.scan(file, options, top);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (json) {
            out.println(FileFormats.json().writeValueAsString(toJson(s, profile)));
        } else {
            print(out, s);
            err.printf("read in %.2f s%n", seconds);
        }
        out.flush();
        err.flush();
        return 0;
    }

    /** {@code auto} or a duration. */
    static long window(String text) {
        return text.strip().equalsIgnoreCase("auto") ? TraceOptions.AUTO : Durations.parse(text).toNanos();
    }

    static Map<String, Object> toJson(TraceSummary s, boolean withProfile) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file().toString());
        m.put("format", s.format().toString());
        m.put("key", s.key().toString());
        m.put("requests", s.requests());
        m.put("first", s.requests() == 0 ? null : instant(s.firstEpochNanos()));
        m.put("last", s.requests() == 0 ? null : instant(s.lastEpochNanos()));
        m.put("spanSeconds", s.spanNanos() / 1e9);
        m.put("clients", s.clients());
        TraceSummary.RateStats r = s.rateStats();
        m.put("ratePerSecond", ordered("min", r.min(), "median", r.median(), "max", r.max()));
        m.put("topClients", s.topClients().stream()
                .map(c -> ordered("client", c.client(), "requests", c.requests())).toList());
        m.put("skipped", tally(s.skipped()));
        m.put("late", tally(s.late()));
        m.put("reordered", s.reordered());
        m.put("repaired", tally(s.repaired()));
        m.put("maxDisorderSeconds", s.maxDisorderNanos() / 1e9);
        m.put("reorderWindowSeconds", s.reorderWindowNanos() / 1e9);
        if (withProfile) {
            m.put("perSecond", s.perSecond());
            m.put("profileTruncated", s.profileTruncated());
        }
        return m;
    }

    private static Map<String, Object> tally(LineTally t) {
        List<Map<String, Object>> first = t.first().stream()
                .map(l -> ordered("line", l.line(), "reason", l.reason())).toList();
        return ordered("count", t.count(), "first", first);
    }

    /** A map that keeps its keys in the order given: key, value, key, value, ... */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static void print(PrintWriter out, TraceSummary s) {
        out.printf("trace      %s (%s, clients by %s%s)%n", s.file(), s.format(), s.key(),
                s.key().kind() == TraceKey.Kind.IP && !s.format().hasAddresses()
                        ? ": this format records no address, so every request is client '-'; try --key host or route"
                        : "");
        if (s.requests() == 0) {
            out.println("requests   0");
        } else {
            out.printf("span       %s .. %s (%.3f s)%n", instant(s.firstEpochNanos()), instant(s.lastEpochNanos()),
                    s.spanNanos() / 1e9);
            out.printf("requests   %d%n", s.requests());
            out.printf("clients    %d%n", s.clients());
            TraceSummary.RateStats r = s.rateStats();
            out.printf("rate/s     min %d, median %s, max %d (over %d s%s)%n", r.min(), number(r.median()), r.max(),
                    s.perSecond().length, s.profileTruncated() ? ", the first 7 days" : "");
            out.println("top clients");
            for (TraceSummary.ClientCount c : s.topClients()) {
                out.printf("  %-40s %10d  %5.1f%%%n", c.client(), c.requests(), 100.0 * c.requests() / s.requests());
            }
        }
        out.printf("skipped    %s%n", s.skipped());
        out.printf("repaired   %s%n", s.repaired());
        out.printf("late       %s%n", s.late());
        out.printf("reordered  %d, up to %.3f s out of order (reorder window %.3f s%s)%n", s.reordered(),
                s.maxDisorderNanos() / 1e9, s.reorderWindowNanos() / 1e9,
                s.windowNote() == null ? "" : "; " + s.windowNote());
    }

    private static String instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos,
                1_000_000_000L)).toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
