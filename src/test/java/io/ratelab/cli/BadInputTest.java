package io.ratelab.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inputs of issue 19's point 8, each through the command line: every one exits 2 with exactly one line on stderr
 * that names the file (and line or field where known) and what is wrong — no stack trace, no Java class name, no hang,
 * no out-of-memory — and absurd work is refused up front with its estimate.
 */
class BadInputTest {

    private static final String LIMITER = "limiters: [{algorithm: token-bucket, rate: 10/s, burst: 5}]\n";
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        Files.createDirectories(dir.resolve("a-directory"));
        Files.writeString(dir.resolve("overflow.jsonl"), "{\"ts\":17954754341024964,\"key\":\"a\"}\n"
                + "{\"ts\":1732400000.25,\"key\":\"b\"}\n");
        Files.writeString(dir.resolve("overflow.csv"), "timestamp,key\n17954754341024964,a\n");
        StringBuilder minutes = new StringBuilder("timestamp,key\n");
        for (int i = 0; i < 1000; i++) {
            minutes.append(1732400000 + i / 10).append('.').append(i % 10).append(",k").append(i % 9).append('\n');
        }
        Files.writeString(dir.resolve("hundred-seconds.csv"), minutes);
    }

    private static Path scenario(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String traffic(String arrivalOrTrace) {
        return "traffic: [{name: g, clients: 1, " + arrivalOrTrace + "}]\n";
    }

    /** Runs the command; asserts exit 2 and one clean line; returns that line. */
    static String refused(String... args) {
        LoadCommandTest.Run r = assertTimeoutPreemptively(BOUND, () -> LoadCommandTest.run(args),
                "a bad input must not hang");
        assertEquals(2, r.exit(), "exit of " + String.join(" ", args) + "; stderr: " + r.err());
        assertClean(r.err());
        return r.err().strip();
    }

    /**
     * One line, and nothing of RateLab's or its libraries' insides: no exception or class name, no stack trace, no
     * Jackson feature or type. Text the user wrote, which messages quote in {@code '...'}, is not judged.
     */
    static void assertClean(String err) {
        assertEquals(1, err.strip().lines().count(), "one line on stderr: " + err);
        String ours = err.replaceAll("'[^'\n]*'", "''");
        for (String inside : new String[]{"Exception", "\tat ", "java.", "io.ratelab.", "fasterxml", "`Json",
            "`Stream", "Coercion", "REDACTED", "JsonToken", "NullPointer", "internal error"}) {
            assertFalse(ours.contains(inside), "no '" + inside + "' in: " + err);
        }
    }

    private static void says(String line, String... parts) {
        for (String p : parts) {
            assertTrue(line.contains(p), "'" + line + "' should say " + p);
        }
    }

    @Test
    void directoriesFifosAndDevicesAreNamedForWhatTheyAre() throws Exception {
        says(refused("simulate", dir.resolve("a-directory").toString()), "a-directory: is a directory");
        says(refused("trace", "inspect", dir.resolve("a-directory").toString()), "is a directory");
        says(refused("run", dir.resolve("a-directory").toString()), "is a directory");
        if (Files.exists(Path.of("/dev/zero"))) {
            says(refused("simulate", "/dev/zero"), "/dev/zero: is not a regular file");
            says(refused("trace", "inspect", "/dev/zero"), "/dev/zero: is not a regular file");
            Path t = scenario("zero-trace.yaml", "duration: 10s\n" + LIMITER
                    + "traffic: [{name: g, trace: {path: /dev/zero, format: combined}}]\n");
            says(refused("simulate", t.toString()), "zero-trace.yaml, line 3: traffic[0].trace.path:",
                    "/dev/zero is not a regular file");
            Path s = scenario("zero-schedule.yaml", "duration: 10s\n" + LIMITER
                    + traffic("arrival: {process: schedule, file: /dev/zero}"));
            says(refused("simulate", s.toString()), "traffic[0].arrival.file:", "not a regular file");
        }
        Path d = scenario("dir-trace.yaml", "duration: 10s\n" + LIMITER
                + "traffic: [{name: g, trace: {path: a-directory, format: csv}}]\n");
        says(refused("simulate", d.toString()), "traffic[0].trace.path:", "is a directory");
        Path fifo = dir.resolve("a-fifo");
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
            Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        } catch (IOException e) {
            Assumptions.abort("mkfifo is not available");
        }
        says(refused("simulate", fifo.toString()), "a-fifo: is not a regular file (a FIFO");
        // a trace, read once from start to end, may be a pipe (MessyLogsTest reads one); a scenario may not
    }

    @Test
    void nullsBadBytesAndHugeValuesAreRefusedWithTheirPlace() throws Exception {
        says(refused("simulate", scenario("null.yaml", "duration: 10s\nlimiters: [null]\n"
                + traffic("arrival: {process: poisson, rate: 1/s}")).toString()),
                "null.yaml, line 2: limiters[0]: is empty (null)");
        Path utf = dir.resolve("latin1.yaml");
        Files.write(utf, ("duration: 10s\nlimiters: [{name: d\u00e9bit, algorithm: token-bucket, rate: 1/s, burst: 1}]\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        says(refused("simulate", utf.toString()), "latin1.yaml, line 2: is not UTF-8 text (byte 0xE9");
        Path huge = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(huge)) {
            out.write("duration: 10s\nname: ".getBytes(StandardCharsets.US_ASCII));
            out.write("x".repeat(10_000_000).getBytes(StandardCharsets.US_ASCII));
        }
        says(refused("simulate", huge.toString()), "huge.yaml: is 10.0 MB; a scenario file is at most 1.0 MB");
        says(refused("simulate", scenario("long-line.yaml", "duration: 10s\nname: " + "x".repeat(500_000) + "\n")
                .toString()), "long-line.yaml, line 2: the line is longer than 16384 characters");
        says(refused("simulate", scenario("deep.json", "{\"duration\": \"10s\", \"limiters\": " + "[".repeat(5_000)
                + "]".repeat(5_000) + "}").toString()), "deep.json", "nesting depth");
    }

    @Test
    void absurdWorkIsRefusedUpFrontWithTheEstimate() throws Exception {
        Path flood = scenario("flood.yaml", "duration: 60s\n" + LIMITER
                + "traffic: [{name: g, clients: 100, arrival: {process: constant, rate: 1000000000/s}}]\n");
        says(refused("simulate", flood.toString()),
                "flood.yaml, line 3: traffic: this scenario schedules 6e12 requests; at most 1e10 can be simulated");
        Path loop = scenario("loop.yaml", "duration: 24h\n" + LIMITER
                + "traffic: [{name: g, trace: {path: hundred-seconds.csv, speed: 1000000, loop: true}}]\n");
        says(refused("simulate", loop.toString()), "this scenario schedules 8.6e11 requests");
        Path live = scenario("live.yaml", "duration: 60s\n" + LIMITER
                + "traffic: [{name: g, clients: 100, arrival: {process: constant, rate: 100000/s}}]\n");
        says(refused("run", live.toString()), "live.yaml: traffic: this scenario schedules 6e8 requests in 1m",
                "a live run sends at most 1e6 per second");
        says(refused("load", "--target", "http://127.0.0.1:9/", "--rate", "1000000000/s", "--duration", "2s"),
                "ratelab load: --rate:", "at most 1e6 per second");
    }

    @Test
    void traceStampsThatOverflowAreSkippedLinesNotACrash() {
        LoadCommandTest.Run jsonl = LoadCommandTest.run("trace", "inspect", dir.resolve("overflow.jsonl").toString());
        assertEquals(0, jsonl.exit(), jsonl.err());
        assertTrue(jsonl.out().contains("line 1: time '17954754341024964' is outside the years 1677-2262"),
                jsonl.out());
        LoadCommandTest.Run csv = LoadCommandTest.run("trace", "inspect", dir.resolve("overflow.csv").toString());
        assertEquals(0, csv.exit(), csv.err());
        assertTrue(csv.out().contains("requests   0"), csv.out());
        assertTrue(csv.out().contains("line 2: time '17954754341024964' is outside the years"), csv.out());
    }

    @Test
    void exportAndTraceGenerateSayWhatIsWrongWithTheirFiles() throws Exception {
        says(refused("export", "--format", "nginx", dir.resolve("a-directory").toString()), "is a directory");
        Path latin = dir.resolve("export-latin1.yaml");
        Files.write(latin, "limiters: [{name: \u00e9, algorithm: gcra, rate: 1/s}]\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        says(refused("export", "--format", "nginx", latin.toString()), "export-latin1.yaml, line 1: is not UTF-8");
        Path cut = scenario("cut.json", "{\"limiters\": [");
        says(refused("export", "--format", "nginx", cut.toString()), "cut.json: not valid YAML/JSON");
        says(refused("trace", "generate", "simulations/greedy-client.yaml", "--out",
                dir.resolve("a-directory").toString()), "a-directory: cannot be written (it is a directory)");
        says(refused("load", "--target", "http://127.0.0.1:9/", "--rate", "10/s", "--duration", "200ms",
                "--local-warmup", "0s", "--hlog", dir.resolve("a-directory").toString()),
                "ratelab load: " + dir.resolve("a-directory") + " (Is a directory)");
    }

    @Test
    void theProxyRefusesBadConfigsInOneLine() throws Exception {
        says(refused("proxy", "--admin", "0.0.0.0:9901"), "ratelab proxy: admin: 0.0.0.0:9901 is not a loopback"
                + " address", "--admin-token-file");
        says(refused("proxy", "--admin-token-file", dir.resolve("no-token").toString()),
                "adminTokenFile: " + dir.resolve("no-token") + ": no such file");
        Path nulls = scenario("proxy-null.yaml", "upstream: http://127.0.0.1:9000\n"
                + "limiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\ntrustedProxies: [null]\n");
        says(refused("proxy", "--config", nulls.toString()), "trustedProxies[0]: is empty (null)");
        Path name = scenario("proxy-name.yaml", "upstream: http://127.0.0.1:9000\n"
                + "limiter: {name: \"a\\r\\nX-Evil: 1\", algorithm: token-bucket, rate: 1/s, burst: 1}\n");
        says(refused("proxy", "--config", name.toString()), "limiter.name: must be printable ASCII");
        Path latin = dir.resolve("proxy-latin1.yaml");
        Files.write(latin, "upstream: http://127.0.0.1:9000 # \u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        says(refused("proxy", "--config", latin.toString()), "proxy-latin1.yaml, line 1: is not UTF-8 text");
        says(refused("simulate", "--no-such-flag", "x.yaml"), "ratelab simulate: Unknown option: '--no-such-flag'");
    }
}
