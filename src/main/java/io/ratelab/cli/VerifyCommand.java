package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratelab.export.Verification;
import io.ratelab.export.VerificationReport;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ratelab verify FILE --limiter NAME TRACE [--format F] [--key K] [--recorded-limiter NAME] [--json]
 * [--top N]}: replays the requests of a trace that recorded a deployed limiter's decisions (RateLab's {@code --record}
 * file, an nginx log with {@code $limit_req_status}, the HAProxy shadow export's log) through RateLab's model of that
 * deployment and reports predicted against observed rejections — in total, per second and per key, where they differ
 * and by how much. Exit 0 when every request was decided as predicted, 1 when some were not, 2 on bad input.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a prediction against what production saw: replay a trace that recorded a deployed"
                + " limiter's decisions through RateLab's model of it, and compare predicted with observed"
                + " rejections per second and per key.",
                "TRACE: a ratelab proxy --record file, an nginx access log with $limit_req_status (the shadow"
                        + " export's log), or the HAProxy shadow export's log.",
                "Exit 0 when every request was decided as predicted, 1 when some were not, 2 on bad input."})
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the scenario (limiters:) or sidecar config"
            + " (limiter:) that holds the limiter")
    Path file;

    @Parameters(index = "1", paramLabel = "TRACE", description = "what the deployed limiter recorded (.gz is read"
            + " too)")
    Path trace;

    @Option(names = "--limiter", paramLabel = "NAME", description = "which of the scenario's limiters (needed when"
            + " it has more than one)")
    String limiter;

    @Option(names = "--format", paramLabel = "F", description = "ratelab, haproxy, or an nginx log_format string with"
            + " $limit_req_status (default: detected; the nginx shadow export's format is recognised)")
    String format;

    @Option(names = "--key", paramLabel = "K", description = "how a line's client maps to the limiter's key (default:"
            + " the recording's own key, else the field the limiter's key rule reads)")
    String key;

    @Option(names = "--recorded-limiter", paramLabel = "NAME", description = "in a RateLab recording, whose lines to"
            + " compare (default: the limiter's name, or the recording's only limiter)")
    String recordedLimiter;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "differing seconds and keys to list"
            + " (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--json", description = "print the report as JSON (every second and key)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (InputFiles.isMissing(file, err) || InputFiles.isMissingTrace(trace, err)) {
                return InputFiles.BAD_INPUT;
            }
            if (top < 0) {
                err.println("--top: must be 0 or more, got " + top);
                return InputFiles.BAD_INPUT;
            }
            Chosen chosen = chosen();
            Verification.Options options = new Verification.Options(
                    format == null ? null : TraceFormat.parse(format), key == null ? null : TraceKey.parse(key),
                    recordedLimiter);
            VerificationReport report = Verification.verify(chosen.spec, chosen.key, trace, options);
            if (json) {
                out.println(FileFormats.json().writeValueAsString(json(report)));
            } else {
                out.print(report.text(top));
            }
            return report.agrees() ? 0 : 1;
        } catch (ScenarioException e) {
            err.println(e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println(trace + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            err.println(e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
        return InputFiles.BAD_INPUT;
    }

    private static JsonNode json(VerificationReport r) {
        ObjectNode n = FileFormats.json().valueToTree(r);
        n.put("agrees", r.agrees());
        n.put("differing", r.differing());
        n.put("maxPerSecondDifference", r.maxPerSecondDifference());
        return n;
    }

    /** The limiter and key rule named on the command line. */
    private record Chosen(LimiterSpec spec, KeyRule key) {
    }

    private Chosen chosen() throws IOException {
        JsonNode tree = FileFormats.forPath(file).readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (tree != null && tree.has("limiters")) {
            Scenario s = Scenario.read(file);
            ScenarioLimiter l = pick(s);
            return new Chosen(l.spec(), l.keyOr(s.key()));
        }
        if (tree != null && tree.has("limiter")) {
            ProxyConfig c = ProxyConfig.read(file);
            if (limiter != null && !limiter.equals(c.limiter().name())) {
                throw new IOException(file + ": --limiter: the sidecar config has one limiter, '"
                        + c.limiter().name() + "'");
            }
            return new Chosen(c.limiter(), c.key());
        }
        throw new IOException(file + ": neither a scenario (it has no limiters:) nor a sidecar config (no"
                + " limiter:)");
    }

    private ScenarioLimiter pick(Scenario s) throws IOException {
        String names = s.limiters().stream().map(l -> "'" + l.name() + "'").collect(Collectors.joining(", "));
        if (limiter == null) {
            if (s.limiters().size() > 1) {
                throw new IOException(file + ": the scenario has " + s.limiters().size() + " limiters; choose"
                        + " one with --limiter NAME: " + names);
            }
            return s.limiters().get(0);
        }
        return s.limiters().stream().filter(l -> l.name().equals(limiter)).findFirst()
                .orElseThrow(() -> new IOException(file + ": --limiter: no limiter named '" + limiter
                        + "'; the scenario has: " + names));
    }
}
