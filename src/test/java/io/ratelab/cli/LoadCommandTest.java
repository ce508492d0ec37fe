package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.load.CountingServer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadCommandTest {

    /** Output of one command-line run. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = RateLabCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void closedLoopJsonHasTheContractFieldsAndTheHlogIsReadable(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("closed.hlog");
        try (CountingServer server = new CountingServer()) {
            Run r = run("load", "--target", server.url(), "--users", "2", "--duration", "1500ms", "--json",
                    "--hlog", hlog.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            for (String field : List.of("sent", "achievedRate", "status", "latencyMs", "rawLatencyMs", "late")) {
                assertTrue(json.has(field), field + " in " + r.out());
            }
            for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
                assertTrue(json.get("latencyMs").get(p).isNumber(), p);
                assertTrue(json.get("rawLatencyMs").get(p).isNumber(), p);
            }
            long sent = json.get("sent").asLong();
            assertEquals(server.received.get(), sent);
            assertEquals(sent, json.get("status").get("200").asLong());
            assertEquals(0, json.get("status").get("429").asLong());
            assertTrue(java.util.regex.Pattern.compile("(?m)^ +1\\.\\ds  offered \\d+ ").matcher(r.err()).find(),
                    "a progress line each second: " + r.err());

            HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
            long corrected = 0;
            long raw = 0;
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if ("raw".equals(h.getTag())) {
                    raw += ((org.HdrHistogram.Histogram) h).getTotalCount();
                } else {
                    corrected += ((org.HdrHistogram.Histogram) h).getTotalCount();
                }
            }
            assertEquals(sent, corrected);
            assertEquals(sent, raw);
        }
    }

    @Test
    void openLoopPoissonWithKeyedClientsAndRetries(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("open.hlog");
        try (CountingServer server = new CountingServer("X-Api-Key").status(429)) {
            Run r = run("load", "--target", server.url(), "--rate", "200/s", "--duration", "1s", "--arrival",
                    "poisson", "--seed", "7", "--clients", "3", "--key-header", "X-Api-Key", "--retry", "immediate",
                    "--max-attempts", "2", "--retry-delay", "0ms", "--json", "--hlog", hlog.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            long scheduled = json.get("scheduled").asLong();
            long retries = json.get("retries").asLong();
            assertEquals(scheduled + retries, json.get("sent").asLong());
            // each request is retried once unless its 429 came back after the window closed (RetryLiveTest times them)
            assertTrue(retries > 0 && retries <= scheduled, retries + " retries of " + scheduled);
            assertEquals(server.received.get(), json.get("sent").asLong());
            assertEquals(json.get("sent").asLong(), json.get("status").get("429").asLong());
            assertEquals(java.util.Set.of("client-0", "client-1", "client-2"), server.byKey.keySet());
            assertTrue(json.get("achievedRate").asDouble() > 0);
            assertTrue(new HistogramLogReader(hlog.toFile()).nextIntervalHistogram() != null);
        }
    }

    @Test
    void warmupsReachOnlyTheirTargetsAndAreNotCounted(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("warm.hlog");
        try (CountingServer server = new CountingServer()) {
            Run r = run("load", "--target", server.url(), "--rate", "100/s", "--duration", "500ms", "--warmup",
                    "500ms", "--local-warmup", "300ms", "--json", "--hlog", hlog.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            long warm = json.get("warmupSent").asLong();
            assertTrue(warm > 0 && warm <= 50, "the warm-up's 500 ms at 100/s: " + warm);
            assertEquals(50, json.get("sent").asLong(), "the window only");
            assertEquals(50, json.get("status").get("200").asLong());
            assertEquals(warm + 50, server.received.get(), "the local warm-up sent nothing to the target");
            assertTrue(r.err().contains("local warm-up: "), r.err());
            assertTrue(r.err().contains("warm-up: " + warm + " requests"), r.err());
            long corrected = 0;
            HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (!"raw".equals(h.getTag())) {
                    corrected += ((org.HdrHistogram.Histogram) h).getTotalCount();
                }
            }
            assertEquals(50, corrected, "the hlog holds the window only");
        }
    }

    @Test
    void humanSummaryShowsCorrectedAndRawSideBySide() {
        try (CountingServer server = new CountingServer().status(429)) {
            Run r = run("load", "--target", server.url(), "--users", "1", "--duration", "300ms", "--think", "10ms");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("admitted (2xx, from intended)"), r.out());
            assertTrue(r.out().contains("all answers (from intended)"), r.out());
            assertTrue(r.out().contains("rejected " + server.received.get() + " (429)"), r.out());
            assertTrue(r.out().contains("raw (from actual send)"), r.out());
            assertTrue(r.out().contains("429:" + server.received.get()), r.out());
        }
    }

    @Test
    void badInputSaysWhatAndWhere() {
        Run both = run("load", "--target", "http://127.0.0.1:1/", "--rate", "10/s", "--users", "2");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("exactly one of --rate"), both.err());

        Run badRate = run("load", "--target", "http://127.0.0.1:1/", "--rate", "ten per second");
        assertEquals(2, badRate.exit());
        assertTrue(badRate.err().contains("--rate: 'ten per second' is not a rate"), badRate.err());

        Run badUrl = run("load", "--target", "https://127.0.0.1/", "--users", "1");
        assertEquals(2, badUrl.exit());
        assertTrue(badUrl.err().contains("must start with http://"), badUrl.err());

        Run clients = run("load", "--target", "http://127.0.0.1:1/", "--users", "1", "--clients", "3");
        assertEquals(2, clients.exit());
        assertTrue(clients.err().contains("--key-header NAME or --source-addresses"), clients.err());

        Run retry = run("load", "--target", "http://127.0.0.1:1/", "--rate", "1/s", "--retry", "often");
        assertEquals(2, retry.exit());
        assertTrue(retry.err().contains("--retry: 'often' is not a retry policy"), retry.err());

        Run duration = run("load", "--target", "http://127.0.0.1:1/", "--users", "1", "--duration", "soon");
        assertEquals(2, duration.exit());
        assertTrue(duration.err().contains("--duration: 'soon' is not a duration"), duration.err());
    }
}
