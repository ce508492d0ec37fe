package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.traffic.trace.MessyLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 18: what reading a trace did is shown wherever the trace is used, never silently. */
class TraceReadingCliTest {

    @TempDir
    Path dir;

    private static Path messyLog(Path dir) throws Exception {
        return MessyLogs.messyLog(dir);
    }

    private Path scenario() throws Exception {
        messyLog(dir);
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, String.join("\n", "name: messy", "key: ip",
                "limiters: [{name: tb, algorithm: token-bucket, rate: 1/s, burst: 5}]",
                "traffic:", "  - {name: web, trace: {path: messy.log}}", ""));
        return s;
    }

    @Test
    void simulateListsTheReadingReportUnderTheTableAndInJson() throws Exception {
        Path s = scenario();
        LoadCommandTest.Run text = LoadCommandTest.run("simulate", s.toString());
        assertEquals(0, text.exit(), text.err());
        String line = text.out().lines().filter(l -> l.startsWith("trace web (messy.log, combined): ")).findFirst()
                .orElseThrow(() -> new AssertionError(text.out()));
        assertTrue(line.contains("read 200 requests"), line);
        assertTrue(line.contains("1 repaired; 2 skipped; 0 late"), line);
        assertTrue(line.contains("up to 28 s out of order"), line);

        LoadCommandTest.Run json = LoadCommandTest.run("simulate", s.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode t = new ObjectMapper().readTree(json.out()).get("traces");
        assertEquals(1, t.size());
        JsonNode r = t.get(0);
        List<String> names = new ArrayList<>();
        r.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("group", "path", "format", "read", "skipped", "repaired", "reordered", "late",
                "maxDisorderSeconds", "firstProblems"), names);
        assertEquals("web", r.get("group").asText());
        assertEquals("messy.log", r.get("path").asText());
        assertEquals(200, r.get("read").asLong());
        assertEquals(2, r.get("skipped").asLong());
        assertEquals(1, r.get("repaired").asLong());
        assertEquals(0, r.get("late").asLong());
        assertTrue(r.get("reordered").asLong() >= 1);
        assertEquals(28.0, r.get("maxDisorderSeconds").asDouble(), 0.0);
        JsonNode first = r.get("firstProblems");
        assertEquals(3, first.size());
        assertEquals(12, first.get(0).get("line").asLong(), "the first garbage line");
        assertTrue(first.get(0).get("reason").asText().startsWith("skipped: "));
        assertTrue(first.get(1).get("reason").asText().startsWith("repaired: "));
    }

    @Test
    void runPrintsTheReadingReportAndWritesItIntoTheReport() throws Exception {
        messyLog(dir);
        Path s = dir.resolve("live.yaml");
        Files.writeString(s, String.join("\n", "name: messy-live", "key: ip",
                "limiters: [{name: tb, algorithm: token-bucket, rate: 100/s, burst: 10}]",
                "traffic:", "  - {name: web, trace: {path: messy.log, speed: 200}}", ""));
        Path report = dir.resolve("report");
        LoadCommandTest.Run r = LoadCommandTest.run("run", s.toString(), "--report", report.toString(), "--warmup",
                "0s");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("trace web (messy.log, combined): read 200 requests"), r.out());
        assertTrue(r.out().contains("1 repaired; 2 skipped; 0 late"), r.out());
        JsonNode t = new ObjectMapper().readTree(report.resolve("summary.json").toFile()).get("traces").get(0);
        assertEquals(2, t.get("skipped").asLong());
        assertEquals(1, t.get("repaired").asLong());
        JsonNode html = new ObjectMapper().readTree(report.resolve("tb/report.json").toFile()).get("traces").get(0);
        assertEquals("web", html.get("group").asText());
        assertTrue(Files.readString(report.resolve("tb/report.html")).contains("1 repaired; 2 skipped"));
    }

    @Test
    void aTenDayTraceSimulatesAtItsOwnSpeedWithACoarserStepButRunsLiveOnlyFaster() throws Exception {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
                java.util.Locale.ROOT);
        java.time.ZonedDateTime start = java.time.ZonedDateTime.of(2024, 11, 1, 0, 0, 0, 0,
                java.time.ZoneOffset.UTC);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= 1440; i++) {   // one request every 10 minutes for 10 days
            lines.add("10.0.0." + i % 5 + " - - [" + f.format(start.plusMinutes(10L * i)) + "] \"GET / HTTP/1.1\" 200"
                    + " 5 \"-\" \"curl/8\"");
        }
        Files.write(dir.resolve("ten-days.log"), lines);
        Path s = dir.resolve("long.yaml");
        Files.writeString(s, String.join("\n", "name: long", "key: ip",
                "limiters: [{name: tb, algorithm: token-bucket, rate: 1/m, burst: 1}]",
                "traffic:", "  - {name: month, trace: {path: ten-days.log}}", ""));
        LoadCommandTest.Run json = LoadCommandTest.run("simulate", s.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode r = new ObjectMapper().readTree(json.out());
        assertEquals(864_001, r.get("durationSeconds").asLong(), "ten days and the last request's second");
        JsonNode l = r.get("limiters").get(0);
        assertEquals(1441, l.get("offered").asLong());
        JsonNode perSecond = l.get("perSecond");
        assertEquals(15, perSecond.get("stepSeconds").asLong(), "more than a day: a coarser step, stated");
        assertEquals(57_601, perSecond.get("offered").size());
        long sum = 0;
        for (JsonNode n : perSecond.get("offered")) {
            sum += n.asLong();
        }
        assertEquals(1441, sum);

        LoadCommandTest.Run live = LoadCommandTest.run("run", s.toString(), "--warmup", "0s");
        assertEquals(2, live.exit());
        assertTrue(live.err().contains("a live run lasts at most 1d") && live.err().contains("speed: 11"),
                live.err());
    }
}
