package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One vocabulary for counts (issue 20): one scenario with retries, simulated and run live, and every output's offered
 * (first attempts), sent (+ retries) and admitted (2xx) side by side — the simulator's JSON and table agree with each
 * other, the live run's JSON summary, report and table agree with each other, and offered is the plan's first
 * attempts in both. Also the end-to-end check of latency by outcome in {@code run}'s JSON.
 */
class VocabularyTest {

    private static final String SCENARIO = """
            name: vocabulary
            duration: 2s
            seed: 5
            key: header:X-Api-Key
            limiters:
              - name: tight
                algorithm: token-bucket
                rate: 20/s
                burst: 5
            traffic:
              - name: eager
                clients: 1
                arrival: { process: constant, rate: 50/s }
                retry: { policy: immediate, maxAttempts: 2 }
            upstream:
              concurrency: 4
              serviceTime: { distribution: constant, median: 10ms }
            """;

    /** One output's counts. */
    record Counts(String output, long offered, long sent, long admitted) {
    }

    @Test
    void everyOutputCountsOfferedSentAndAdmittedTheSameWay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vocabulary.yaml");
        Files.writeString(file, SCENARIO);
        ObjectMapper json = new ObjectMapper();

        List<Counts> simulated = new ArrayList<>();
        LoadCommandTest.Run simJson = LoadCommandTest.run("simulate", "--json", file.toString());
        assertEquals(0, simJson.exit(), simJson.err());
        JsonNode s = json.readTree(simJson.out()).get("limiters").get(0);
        simulated.add(new Counts("simulate --json", s.get("offered").asLong(), s.get("sent").asLong(),
                s.get("admitted").asLong()));
        LoadCommandTest.Run simTable = LoadCommandTest.run("simulate", file.toString());
        long[] t = numbersAfter(simTable.out(), "tight", 3);
        simulated.add(new Counts("simulate table", t[0], t[1], t[2]));

        Path report = dir.resolve("report");
        LoadCommandTest.Run run = LoadCommandTest.run("run", file.toString(), "--report", report.toString(),
                "--warmup", "0s");
        assertEquals(0, run.exit(), run.err());
        List<Counts> live = new ArrayList<>();
        JsonNode l = json.readTree(report.resolve("summary.json").toFile()).get("limiters").get(0);
        live.add(new Counts("run summary.json", l.get("offered").asLong(), l.get("sent").asLong(),
                l.get("admitted").asLong()));
        JsonNode r = json.readTree(report.resolve("tight/report.json").toFile());
        live.add(new Counts("run report.json", r.get("offered").asLong(), r.get("sent").asLong(),
                r.get("accepted").asLong()));
        long[] row = numbersAfter(run.out(), "tight", 4);
        live.add(new Counts("run table", row[0], row[2], row[3]));

        String table = "simulated " + simulated + "\nlive " + live;
        simulated.forEach(c -> assertEquals(simulated.get(0).offered(), c.offered(), table));
        simulated.forEach(c -> assertEquals(simulated.get(0).sent(), c.sent(), table));
        simulated.forEach(c -> assertEquals(simulated.get(0).admitted(), c.admitted(), table));
        live.forEach(c -> assertEquals(live.get(0).offered(), c.offered(), table));
        live.forEach(c -> assertEquals(live.get(0).sent(), c.sent(), table));
        live.forEach(c -> assertEquals(live.get(0).admitted(), c.admitted(), table));
        assertEquals(100, simulated.get(0).offered(), "offered = the plan's first attempts, 50/s for 2 s: " + table);
        assertEquals(100, live.get(0).offered(), table);
        assertTrue(simulated.get(0).sent() > 100 && live.get(0).sent() > 100, "retries are sent, not offered: "
                + table);
        assertEquals(l.get("sent").asLong() - l.get("offered").asLong(), l.get("retries").asLong());
        assertEquals(l.get("sent").asLong(), l.get("admitted").asLong() + l.get("rejected").asLong()
                + l.get("errors").asLong(), "every send answered once");

        // latency by outcome, end to end: admitted requests waited for the 10 ms upstream, rejections did not
        JsonNode byOutcome = l.get("latencyByOutcomeMs");
        assertEquals(l.get("admitted").asLong(), byOutcome.get("admitted").get("count").asLong());
        assertEquals(l.get("rejected").asLong(), byOutcome.get("rejected").get("count").asLong());
        assertTrue(byOutcome.get("admitted").get("p50").asDouble() >= 9.9, byOutcome.toString());
        assertTrue(byOutcome.get("rejected").get("p50").asDouble() < byOutcome.get("admitted").get("p50").asDouble(),
                byOutcome.toString());
        // the simulator's latency by outcome means the same: a 429 takes the clients' round trip (network.rtt,
        // default 0.2 ms), an admitted answer the upstream's time and the round trip
        JsonNode simByOutcome = s.get("latencyByOutcomeMs");
        assertEquals(0.2, simByOutcome.get("rejected").get("p50").asDouble(), 1e-9, simByOutcome.toString());
        assertEquals(10.2, simByOutcome.get("admitted").get("p50").asDouble(), 0.02, simByOutcome.toString());
        assertTrue(l.has("latencyMs"), "latencyMs stays: every answer");
        assertEquals(l.get("admitted").asLong(), l.get("upstream").get("served").asLong(),
                "the demo upstream served what the proxy admitted");
        assertTrue(run.out().contains("adm p50"), run.out());
    }

    /** The first {@code n} numbers on the line that starts with {@code name}, after the name. */
    private static long[] numbersAfter(String text, String name, int n) {
        String line = text.lines().filter(x -> x.startsWith(name + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no line for " + name + " in\n" + text));
        long[] out = new long[n];
        List<String> tokens = Arrays.stream(line.substring(name.length()).trim().split("\\s+"))
                .filter(x -> x.matches("[\\d,.]+")).toList();
        for (int i = 0; i < n; i++) {
            out[i] = (long) Double.parseDouble(tokens.get(i).replace(",", ""));
        }
        return out;
    }
}
