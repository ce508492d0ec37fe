package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ratelab tune}: the text, the {@code --json} contract of issue 17, {@code --export}, flags, bad input. */
class TuneCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static final String SCENARIO = """
            name: cli-tune
            duration: 60s
            key: ip
            limiters:
              - {name: tb, algorithm: token-bucket, rate: 2/s, burst: 3}
            traffic:
              - {name: users, clients: 60, arrival: {process: bursts, rate: 3/s, on: 2s, off: 8s, base: 1/5s}}
              - {name: scraper, arrival: {process: constant, rate: 40/s}}
            tune:
              spare: { share: 99%, of: clients }
              legitimate: [users]
              protect: { maxRate: 400/s }
              attack: scraper
            """;

    private static final List<String> SCORES = List.of("legitimateRejected", "legitimateRejectedShare",
            "keysAffected", "attackerAdmittedPerSecond", "peakAdmittedPerSecond", "p99Ms");

    private int run(String... args) {
        CommandLine cl = RateLabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path scenario() throws IOException {
        Path file = dir.resolve("tune.yaml");
        Files.writeString(file, SCENARIO);
        return file;
    }

    @Test
    void printsObjectivesFrontierCandidatesAndOneRecommendationWithWhy() throws IOException {
        assertEquals(0, run("tune", scenario().toString(), "--for", "nginx"), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("Objectives: "), text);
        assertTrue(text.contains("Frontier (burst needed to spare the share asked for):"), text);
        assertTrue(text.contains("Pareto candidates (train):"), text);
        assertTrue(text.contains("Recommended: nginx rate="), text);
        assertTrue(text.contains("Why: nginx rate="), text);
        assertTrue(text.contains("Rule: "), text);
    }

    @Test
    void jsonHasTheIssueFieldNames() throws IOException {
        assertEquals(0, run("tune", scenario().toString(), "--json", "--holdout", "25%"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("objectives").isObject());
        assertEquals(0.99, j.get("objectives").get("spare").get("share").asDouble(), 1e-12);
        JsonNode f = j.get("frontier").get(0);
        for (String field : List.of("rate", "ratePerSecond", "burst", "spareShare")) {
            assertTrue(f.has(field), field + " in " + f);
        }
        assertTrue(f.get("rate").asText().endsWith("/s"), f.toString());
        assertTrue(j.get("candidates").size() >= 20);
        for (JsonNode c : j.get("candidates")) {
            assertEquals("token-bucket", c.get("spec").get("algorithm").asText());
            assertTrue(c.get("pareto").isBoolean());
            for (String s : SCORES) {
                assertTrue(c.get("train").has(s), s);
                assertTrue(c.get("holdout").has(s), s);
            }
        }
        JsonNode rec = j.get("recommended");
        assertTrue(rec.get("spec").has("rate") && rec.get("spec").has("burst"), rec.toString());
        assertFalse(rec.get("why").asText().isBlank());
        assertTrue(List.of("normal", "low").contains(rec.get("confidence").asText()));
        assertTrue(rec.get("reasons").isArray());
        for (String s : SCORES) {
            assertTrue(rec.get("train").has(s), s);
            assertTrue(rec.get("holdout").has(s), s);
        }
        assertEquals(45, j.get("data").get("tuningSeconds").asDouble(), 1e-9);
    }

    /** The window algorithms: their frontier entries keep the documented fields and add the window. */
    @Test
    void windowAlgorithmsAreTunedAndTheirFrontierNamesTheWindow() throws IOException {
        assertEquals(0, run("tune", scenario().toString(), "--algorithm", "sliding-window", "--algorithm",
                "fixed-window", "--algorithm", "sliding-log", "--algorithm", "token-bucket", "--json"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode f : j.get("frontier")) {
            for (String field : List.of("rate", "ratePerSecond", "burst", "spareShare")) {
                assertTrue(f.has(field), field + " in " + f);
            }
            String a = f.get("algorithm").asText();
            seen.add(a);
            assertEquals(!a.equals("token-bucket"), f.has("window"), f.toString());
        }
        assertEquals(java.util.Set.of("sliding-window", "fixed-window", "sliding-log", "token-bucket"), seen);
        java.util.Set<String> candidates = new java.util.HashSet<>();
        j.get("candidates").forEach(c -> candidates.add(c.get("spec").get("algorithm").asText()));
        assertEquals(seen, candidates);
        out.getBuffer().setLength(0);
        assertEquals(0, run("tune", scenario().toString(), "--algorithm", "sliding-log"), err.toString());
        assertTrue(out.toString().contains("sliding-log (99%, limit N per window W as N/W): "), out.toString());
        assertTrue(out.toString().matches("(?s).*Recommended: sliding-log \\d+ per \\d+(ms|s|m)\\b.*"),
                out.toString());
        assertFalse(out.toString().contains("from the frontier's value"), "a window is not a rounded rate");
        assertEquals(2, run("tune", scenario().toString(), "--for", "nginx", "--algorithm", "fixed-window"));
        assertTrue(err.toString().contains("nginx cannot express fixed-window"), err.toString());
    }

    /** Issue 18: what reading a trace did is never silent, in the tuner too (text and {@code --json}). */
    @Test
    void aTracesReadingReportIsInTheTextAndTheJson() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            log.append(String.format("10.0.0.%d - - [06/Dec/2026:10:%02d:%02d +0000] \"GET /a HTTP/1.1\" 200 5 \"-\""
                    + " \"ua\"%n", i % 60, i / 60, i % 60));
        }
        log.append("not a log line\n");
        log.append("10.0.0.1 - - [06/Dec/2026:10:07:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"cut off\n");
        Files.writeString(dir.resolve("access.log"), log.toString());
        Path file = dir.resolve("trace.yaml");
        Files.writeString(file, """
                name: tune-trace
                key: ip
                limiters:
                  - {name: tb, algorithm: token-bucket, rate: 1/s, burst: 3}
                traffic:
                  - {name: log, trace: {path: access.log}}
                """);
        assertEquals(0, run("tune", file.toString()), err.toString());
        assertTrue(out.toString().contains("read 401 requests; in order; 1 repaired; 1 skipped"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("tune", file.toString(), "--json"), err.toString());
        JsonNode t = new ObjectMapper().readTree(out.toString()).get("traces").get(0);
        assertEquals("log", t.get("group").asText());
        assertEquals(1, t.get("skipped").asLong(), t.toString());
        assertEquals(1, t.get("repaired").asLong(), t.toString());
        assertEquals(401, t.get("read").asLong(), t.toString());
    }

    @Test
    void withoutHoldoutTheHoldoutFieldsAreNull() throws IOException {
        assertEquals(0, run("tune", scenario().toString(), "--json"), err.toString());
        JsonNode rec = new ObjectMapper().readTree(out.toString()).get("recommended");
        assertTrue(rec.has("holdout") && rec.get("holdout").isNull(), rec.toString());
    }

    @Test
    void flagsOverrideTheTuneSection() throws IOException {
        assertEquals(0, run("tune", scenario().toString(), "--json", "--spare", "90%", "--spare-of", "requests",
                "--growth", "1.5", "--max-rate", "900/s"), err.toString());
        JsonNode o = new ObjectMapper().readTree(out.toString()).get("objectives");
        assertEquals(0.9, o.get("spare").get("share").asDouble(), 1e-12);
        assertEquals("requests", o.get("spare").get("of").asText());
        assertEquals(1.5, o.get("growth").asDouble(), 1e-12);
        assertEquals("900/s", o.get("protect").get("maxRate").asText());
    }

    @Test
    void exportWritesTheRecommendationAsACompleteConfig() throws IOException {
        Path conf = dir.resolve("nginx.conf");
        assertEquals(0, run("tune", scenario().toString(), "--for", "nginx", "--export", "nginx", "-o",
                conf.toString()), err.toString());
        String text = Files.readString(conf);
        assertTrue(text.contains("limit_req_zone"), text);
        assertTrue(text.contains("http {"), "a complete config by default: " + text);
        assertTrue(text.contains("nodelay"), text);
        assertTrue(err.toString().contains("wrote " + conf), err.toString());
    }

    @Test
    void exportTakesExportsOwnFlags() throws IOException {
        assertEquals(0, run("tune", scenario().toString(), "--for", "haproxy", "--export", "haproxy", "--snippet"),
                err.toString());
        String text = out.toString();
        assertTrue(text.contains("http_req_rate("), text);
        assertFalse(text.contains("\nglobal"), "a snippet has no global section: " + text);
    }

    @Test
    void badInputIsOneLineAndExit2() throws IOException {
        Path file = scenario();
        assertEquals(2, run("tune", file.toString(), "--for", "lighttpd"));
        assertEquals(file + ": --for: must be nginx, haproxy, envoy or ratelab, got 'lighttpd'",
                err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run("tune", file.toString(), "--spare", "150%"));
        assertEquals(file + ": spare.share: must be above 0% and at most 100%, got 150%", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run("tune", file.toString(), "--legitimate", "nobody"));
        assertTrue(err.toString().strip().startsWith(file + ": tune: legitimate names no traffic group"),
                err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, SCENARIO.replace("growth", "x").replace("attack: scraper", "attack: scraper\n  grow: 2"));
        assertEquals(2, run("tune", file.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("tune") && err.toString().contains("grow"), err.toString());
    }
}
