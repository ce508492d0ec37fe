package io.ratelab.sim;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trace groups in scenarios: validation with file, line and path; deterministic simulated replay. */
class TraceScenarioTest {

    @TempDir
    Path dir;

    /** 10 s of combined log: a polite client at 1/s, a greedy one at 20/s, whole-second stamps. */
    private void writeTrace() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            String stamp = String.format("[19/Nov/2024:10:00:%02d +0100]", s);
            lines.add("10.0.0.1 - - " + stamp + " \"GET /a HTTP/1.1\" 200 1 \"-\" \"polite\"");
            for (int i = 0; i < 20; i++) {
                lines.add("10.0.0.2 - - " + stamp + " \"GET /b HTTP/1.1\" 200 1 \"-\" \"greedy\"");
            }
        }
        Files.createDirectories(dir.resolve("traces"));
        Files.write(dir.resolve("traces/tuesday.log"), lines);
    }

    private Scenario read(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return Scenario.read(f);
    }

    private static final String SCENARIO = String.join("\n",
            "name: tuesday",
            "key: ip",
            "limiters:",
            "  - {name: per-IP bucket, algorithm: token-bucket, rate: 5/s, burst: 5}",
            "traffic:",
            "  - name: tuesday",
            "    trace: {path: traces/tuesday.log, format: combined, speed: SPEED, loop: false}",
            "");

    @Test
    void aTraceScenarioWithoutDurationLastsAsLongAsTheReplayAndSimulatesDeterministically() throws Exception {
        writeTrace();
        Scenario s = read(SCENARIO.replace("SPEED", "2"));
        long durationMs = s.duration().toMillis();
        assertTrue(durationMs > 4500 && durationMs <= 5000, "about 9.x s of trace at speed 2: " + durationMs);
        SimulationResult r = Simulator.run(s, dir, null);
        LimiterResult l = r.limiters().get(0);
        assertEquals(210, l.offered(), "every request of the trace");
        assertTrue(l.rejected() > 100, "the greedy client (40/s replayed) is limited: " + l.rejected());
        String json = FileFormats.json().writeValueAsString(r);
        String again = FileFormats.json().writeValueAsString(Simulator.run(read(SCENARIO.replace("SPEED", "2")), dir,
                null));
        assertEquals(json, again, "byte-identical results");
    }

    @Test
    void errorsNameFileLineAndPath() throws Exception {
        writeTrace();
        ScenarioException speed = assertThrows(ScenarioException.class, () -> read(SCENARIO.replace("SPEED", "0")));
        assertEquals("traffic[0].trace.speed", speed.path(), speed.getMessage());
        assertEquals(7, speed.line(), speed.getMessage());

        ScenarioException missing = assertThrows(ScenarioException.class, () -> read(SCENARIO
                .replace("SPEED", "1").replace("traces/tuesday.log", "traces/monday.log")));
        assertEquals("traffic[0].trace.path", missing.path(), missing.getMessage());
        assertTrue(missing.problem().contains("no such file"), missing.getMessage());
        assertEquals(7, missing.line());
        assertTrue(missing.getMessage().startsWith(dir.resolve("s.yaml").toString()), missing.getMessage());

        ScenarioException format = assertThrows(ScenarioException.class, () -> read(SCENARIO.replace("SPEED", "1")
                .replace("format: combined", "format: w3c")));
        assertEquals("traffic[0].trace.format", format.path(), format.getMessage());

        ScenarioException clients = assertThrows(ScenarioException.class, () -> read(SCENARIO.replace("SPEED", "1")
                .replace("  - name: tuesday\n", "  - name: tuesday\n    clients: 3\n")));
        assertTrue(clients.getMessage().contains("clients come from the trace"), clients.getMessage());

        ScenarioException unknown = assertThrows(ScenarioException.class, () -> read(SCENARIO.replace("SPEED", "1")
                .replace("loop: false", "looping: false")));
        assertEquals("traffic[0].trace.looping", unknown.path());
        assertEquals(7, unknown.line());

        ScenarioException loop = assertThrows(ScenarioException.class, () -> read(SCENARIO.replace("SPEED", "1")
                .replace("loop: false", "loop: true")));
        assertEquals("duration", loop.path(), loop.getMessage());
    }

    @Test
    void aLoopingTraceWithADurationRepeats() throws Exception {
        writeTrace();
        Scenario s = read("duration: 40s\n" + SCENARIO.replace("SPEED", "1").replace("loop: false", "loop: true"));
        LimiterResult l = Simulator.run(s, dir, null).limiters().get(0);
        // one loop lasts the span (9.x s) plus the mean gap (~0.05 s), just under 10 s: four whole loops and the first
        // requests of a fifth fit in 40 s
        assertTrue(l.offered() > 4 * 210 && l.offered() < 5 * 210, "offered " + l.offered());
    }
}
