package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trace inspect} on the project's own messy trace, and {@code trace generate} read back. */
class TraceCommandTest {

    private static final String TUESDAY = "simulations/traces/tuesday.log";

    @Test
    void inspectJsonReportsCountsRatesTopClientsAndTheSkippedAndLateLines() throws Exception {
        LoadCommandTest.Run r = LoadCommandTest.run("trace", "inspect", TUESDAY, "--json", "--top", "3", "--profile");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("combined", j.get("format").asText());
        assertEquals(2293, j.get("requests").asLong());
        assertEquals(203, j.get("clients").asLong());
        assertEquals(300, j.get("perSecond").size());
        assertTrue(j.get("ratePerSecond").get("max").asLong() >= j.get("ratePerSecond").get("median").asDouble());
        assertEquals("10.0.0.201", j.get("topClients").get(0).get("client").asText(), "the NAT address is busiest");
        assertEquals(3, j.get("topClients").size());
        assertEquals(2, j.get("skipped").get("count").asLong());
        assertEquals(101, j.get("skipped").get("first").get(0).get("line").asLong());
        assertEquals(1701, j.get("skipped").get("first").get(1).get("line").asLong());
        assertEquals(0, j.get("late").get("count").asLong(), "the measured window covers every line");
        assertEquals(4, j.get("reordered").asLong());
        double disorder = j.get("maxDisorderSeconds").asDouble();
        assertTrue(disorder > 5, "tuesday.log has a line more than 5 s out of order: " + disorder);
        assertEquals(disorder, j.get("reorderWindowSeconds").asDouble(), 1e-9);

        LoadCommandTest.Run fixed = LoadCommandTest.run("trace", "inspect", TUESDAY, "--json", "--reorder-window",
                "5s");
        JsonNode f = new ObjectMapper().readTree(fixed.out());
        assertEquals(1, f.get("late").get("count").asLong(), "a 5 s window leaves the far line late");
        assertEquals(3, f.get("reordered").asLong());
    }

    @Test
    void inspectPrintsAReadableSummaryAndBadInputExitsTwo() {
        LoadCommandTest.Run r = LoadCommandTest.run("trace", "inspect", TUESDAY, "--key", "route");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("requests   2293"), r.out());
        assertTrue(r.out().contains("GET /api/items"), r.out());
        assertTrue(r.out().contains("skipped    2 (line 101:"), r.out());
        LoadCommandTest.Run missing = LoadCommandTest.run("trace", "inspect", "no/such.log");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        LoadCommandTest.Run format = LoadCommandTest.run("trace", "inspect", TUESDAY, "--format", "w3c");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("format: unknown 'w3c'"), format.err());
    }

    @Test
    void generateWritesACombinedLogThatInspectReadsBack(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, String.join("\n", "duration: 10s", "limiters: [{algorithm: token-bucket,"
                + " rate: 10/s, burst: 1}]", "traffic:", "  - {name: users, clients: 5, arrival: {process: constant,"
                + " rate: 2/s}}", ""));
        Path log = dir.resolve("out.log");
        LoadCommandTest.Run g = LoadCommandTest.run("trace", "generate", scenario.toString(), "--out", log.toString(),
                "--zone", "-07:00");
        assertEquals(0, g.exit(), g.err());
        JsonNode j = new ObjectMapper().readTree(LoadCommandTest.run("trace", "inspect", log.toString(), "--json")
                .out());
        assertEquals(100, j.get("requests").asLong(), "5 clients × 2/s × 10 s");
        assertEquals(5, j.get("clients").asLong());
        assertEquals(0, j.get("skipped").get("count").asLong());
        assertTrue(j.get("first").asText().startsWith("2024-11-19T10:00:00"), j.get("first").asText());
    }
}
