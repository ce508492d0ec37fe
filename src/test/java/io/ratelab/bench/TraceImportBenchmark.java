package io.ratelab.bench;

import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * How long importing a 1M-line nginx {@code combined} access log takes: one full streaming read (parse, reorder
 * window, whole-second spreading, key mapping, per-client counts and per-second profile) by
 * {@link TraceSummary#scan}, with a given reorder window ({@code onePass}, the read before issue 18) and with the
 * default measured window ({@code twoPass}: a first pass over the stamps only, then the full read), side by side in
 * one run (issue 18: the two-pass read within 1.3× of the one-pass; {@link TraceTwoPass} alternates them). The log
 * is generated in a temporary directory before measuring and deleted after: one hour at ~278 r/s from 50 000
 * client addresses (a few IPv6), whole-second stamps in +0100, one line in 1000 a few seconds out of order, one in
 * 10 000 garbage.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.args='TraceImport -f 1 -wi 1 -i 3'</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TraceImportBenchmark {

    static final int LINES = 1_000_000;

    private Path dir;
    private Path log;

    @Setup(Level.Trial)
    public void writeLog() throws IOException {
        dir = Files.createTempDirectory("ratelab-trace-bench");
        log = dir.resolve("access.log");
        write(log, LINES);
    }

    /** Writes {@code lines} lines of combined log to {@code file}. */
    static void write(Path file, int lines) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
        ZonedDateTime start = ZonedDateTime.of(2024, 11, 19, 9, 0, 0, 0, ZoneOffset.ofHours(1));
        String[] paths = {"/api/items", "/api/items/17", "/api/search?q=shoes", "/login", "/static/app.js"};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                if (i % 10_000 == 9_999) {
                    w.write("garbage line " + i + "\n");
                    continue;
                }
                long second = i * 3600L / lines - (i % 1000 == 500 ? 3 : 0);
                int client = random.nextInt(50_000);
                String address = client % 100 == 0 ? "2001:db8::" + Integer.toHexString(client)
                        : "10." + (client >> 16) + "." + (client >> 8 & 255) + "." + (client & 255);
                w.write(address + " - - [" + f.format(start.plusSeconds(second)) + "] \"GET "
                        + paths[random.nextInt(paths.length)] + " HTTP/1.1\" 200 " + random.nextInt(5000)
                        + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n");
            }
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(log);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long onePass() {
        return check(TraceSummary.scan(log, TraceOptions.defaults().withFormat(TraceFormat.COMBINED)
                .withReorderWindowNanos(5_000_000_000L), 10));
    }

    @Benchmark
    public long twoPass() {
        return check(TraceSummary.scan(log, TraceOptions.defaults().withFormat(TraceFormat.COMBINED), 10));
    }

    private static long check(TraceSummary s) {
        if (s.requests() != LINES - LINES / 10_000 || s.late().count() != 0) {
            throw new IllegalStateException("read " + s.requests() + " requests, " + s.late().count() + " late");
        }
        return s.requests();
    }
}
