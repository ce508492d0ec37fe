package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratelab.scenario.FileFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ratelab simulate}: the table, the JSON contract of issue 3, and errors on bad files. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static final String SCENARIO = """
            name: cli
            duration: 10s
            key: ip
            limiters:
              - {name: tb, algorithm: token-bucket, rate: 10/s, burst: 20}
            traffic:
              - {name: polite, clients: 5, arrival: {process: poisson, rate: 2/s}}
              - {name: greedy, arrival: {process: constant, rate: 50/s}}
            """;

    private int run(String... args) {
        CommandLine cl = RateLabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void printsAComparisonTable() throws IOException {
        Path file = dir.resolve("cli.yaml");
        Files.writeString(file, SCENARIO);
        assertEquals(0, run("simulate", file.toString()));
        String table = out.toString();
        assertTrue(table.contains("scenario cli: 10 s simulated"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("tb ") && l.contains("token-bucket")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("  greedy")), table);
    }

    @Test
    void jsonHasTheIssueFieldNames() throws IOException {
        Path file = dir.resolve("cli.yaml");
        Files.writeString(file, SCENARIO);
        assertEquals(0, run("simulate", file.toString(), "--json"));
        JsonNode root = FileFormats.json().readTree(out.toString());
        assertEquals("cli", root.get("scenario").asText());
        assertEquals(10, root.get("durationSeconds").asInt());
        JsonNode l = root.get("limiters").get(0);
        for (String f : new String[]{"name", "algorithm", "offered", "admitted", "rejected", "delayed"}) {
            assertTrue(l.has(f), f);
        }
        for (String f : new String[]{"offered", "admitted", "rejected"}) {
            assertEquals(10, l.get("perSecond").get(f).size(), "perSecond." + f);
        }
        for (String f : new String[]{"p50", "p90", "p99", "max"}) {
            assertTrue(l.get("latencyMs").get(f).isNumber(), "latencyMs." + f);
        }
        JsonNode g = l.get("groups").get(1);
        assertEquals("greedy", g.get("name").asText());
        assertEquals(500, g.get("offered").asLong());
        assertEquals(20 + 10 * 10, g.get("admitted").asLong(), 1);
        assertEquals(g.get("offered").asLong(), g.get("admitted").asLong() + g.get("rejected").asLong());
    }

    @Test
    void anInvalidFileExitsNonZeroWithTheErrorAndSimulatesNothing() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, SCENARIO.replace("burst: 20", "burst: -1"));
        assertEquals(2, run("simulate", file.toString()));
        assertEquals("", out.toString());
        String e = err.toString();
        assertTrue(e.contains(file.toString()) && e.contains("line 5") && e.contains("limiters[0].burst")
                && e.contains("must be 0 or more"), e);
    }

    @Test
    void aMissingFileSaysSo() {
        assertEquals(2, run("simulate", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }
}
