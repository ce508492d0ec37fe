package io.ratelab.cli;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.traffic.trace.AccessLogWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/**
 * {@code ratelab trace generate SCENARIO --out FILE}: writes the first attempts of a scenario's traffic model as a
 * {@code combined} access log, as nginx would have logged them (whole-second stamps), for sample traces and
 * benchmarks.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a scenario's modelled traffic (first attempts) as a combined access log.")
public final class TraceGenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", description = "a scenario file")
    Path scenario;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the log to write")
    Path out;

    @Option(names = "--start", defaultValue = "2024-11-19T10:00:00Z", paramLabel = "INSTANT",
            description = "when the log begins (default ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--zone", defaultValue = "+00:00", paramLabel = "OFFSET",
            description = "the offset of the stamps, e.g. -07:00 (default ${DEFAULT-VALUE})")
    String zone;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Scenario s;
        long startSecond;
        ZoneOffset offset;
        try {
            s = Scenario.read(scenario);
            startSecond = Instant.parse(start).getEpochSecond();
            offset = ZoneOffset.of(zone);
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return 2;
        } catch (java.time.DateTimeException e) {
            err.println("--start/--zone: " + e.getMessage());
            return 2;
        }
        long lines;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            lines = AccessLogWriter.writeCombined(s.trafficPlan(scenario.toAbsolutePath().getParent()), startSecond,
                    offset, w);
        } catch (IOException e) {
            err.println(out + ": cannot be written (" + (Files.isDirectory(out) ? "it is a directory"
                    : e.getMessage()) + ")");
            return 2;
        }
        err.printf("wrote %d lines to %s%n", lines, out);
        err.flush();
        return 0;
    }
}
