package io.ratelab.cli;

import io.ratelab.fuzz.Mutator;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of the scenario and trace readers through the command line, with fixed seeds: thousands of mutated
 * curated scenarios and traces (see {@link Mutator}). The property, per input: {@code simulate} (for a scenario that
 * reads and schedules at most 50,000 requests) or {@code trace inspect} exits 0, or exits 2 with one clean line on
 * stderr ({@link BadInputTest#assertClean}), within 10 s; a scenario that does not read fails with one
 * {@link ScenarioException} line. Never a stack trace, a class name, an internal error (exit 70) or a hang.
 */
class ParserFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final double CHEAP = 50_000;
    private static Path dir;
    private static Mutator scenarios;
    private static Mutator traces;
    private static final String[] TRACE_NAMES = {"t.log", "t.jsonl", "t.csv", "t.har", "t.json"};
    private static final AtomicInteger simulated = new AtomicInteger();

    @BeforeContainer
    static void seeds() throws IOException {
        dir = Files.createTempDirectory("ratelab-fuzz");
        Path sims = Path.of("simulations");
        Files.createDirectories(dir.resolve("traces"));
        Files.copy(sims.resolve("boundary.csv"), dir.resolve("boundary.csv"));
        for (String t : new String[]{"tuesday.log", "demo-recording.jsonl"}) {
            List<String> head = Files.readAllLines(sims.resolve("traces").resolve(t)).subList(0, 400);
            Files.write(dir.resolve("traces").resolve(t), head);
        }
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(sims)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(Files.readString(f));
            }
        }
        texts.add(Scenario.read(sims.resolve("greedy-client.yaml")).write(FileFormats.json()));
        scenarios = new Mutator(texts);
        List<String> logs = new ArrayList<>();
        logs.add(String.join("\n", Files.readAllLines(sims.resolve("traces/tuesday.log")).subList(0, 60)) + "\n");
        logs.add(String.join("\n", Files.readAllLines(sims.resolve("traces/demo-recording.jsonl")).subList(0, 60))
                + "\n");
        logs.add("timestamp,key,method,path,status\n1732400000.100,a,GET,/x,200\n1732400000.350,b,POST,/y?q=1,429\n"
                + "2024-11-19T10:00:01Z,a,GET,/x,200\n1732400002,\"c,d\",GET,/z,503\n");
        logs.add("{\"log\": {\"version\": \"1.2\", \"entries\": [{\"startedDateTime\": \"2024-11-19T10:00:00.000Z\","
                + " \"request\": {\"method\": \"GET\", \"url\": \"http://a.example/x?y=1\", \"headers\": [{\"name\":"
                + " \"X-Key\", \"value\": \"k\"}]}, \"response\": {\"status\": 200}}, {\"startedDateTime\":"
                + " \"2024-11-19T10:00:00.500+01:00\", \"request\": {\"method\": \"POST\", \"url\":"
                + " \"http://b.example/\"}, \"response\": {\"status\": 429}}]}}\n");
        traces = new Mutator(logs);
    }

    @AfterContainer
    static void clean() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        System.out.println("ParserFuzzTest: " + simulated.get() + " mutated scenarios read cleanly and simulated");
    }

    @Property(tries = 1200, seed = "19190806", shrinking = ShrinkingMode.OFF)
    void aMutatedScenarioReadsOrIsRefusedInOneLine(@ForAll @IntRange(max = 1000) int which, @ForAll long edits) {
        byte[] bytes = scenarios.mutate(which, edits);
        String name = Math.floorMod(which, scenarios.seedCount()) == scenarios.seedCount() - 1 ? "m.json" : "m.yaml";
        Path file = write(name, bytes);
        Scenario s = assertTimeoutPreemptively(BOUND, () -> {
            try {
                return Scenario.read(file);
            } catch (ScenarioException e) {
                BadInputTest.assertClean(e.getMessage() + "\n");
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                return null;
            }
        }, () -> "reading hung on " + describe(bytes));
        if (s == null || s.trafficPlan(dir).expectedArrivals() * retries(s) > CHEAP) {
            return;
        }
        LoadCommandTest.Run r = assertTimeoutPreemptively(BOUND, () -> LoadCommandTest.run("simulate", file.toString()),
                () -> "simulate hung on " + describe(bytes));
        if (r.exit() == 0) {
            simulated.incrementAndGet();
        } else {
            assertEquals(2, r.exit(), () -> "exit " + r.exit() + ": " + r.err() + " on " + describe(bytes));
            BadInputTest.assertClean(r.err());
        }
    }

    @Property(tries = 1000, seed = "20261206", shrinking = ShrinkingMode.OFF)
    void aMutatedTraceIsReadOrRefusedInOneLine(@ForAll @IntRange(max = 1000) int which, @ForAll long edits,
                                               @ForAll boolean detect) {
        byte[] bytes = traces.mutate(which, edits);
        int kind = Math.floorMod(which, traces.seedCount());
        String name = kind == 3 && !detect ? "t.json" : TRACE_NAMES[kind];
        Path file = write(name, bytes);
        String[] formats = {"combined", "ratelab", "csv", "har"};
        List<String> args = new ArrayList<>(List.of("trace", "inspect", file.toString()));
        if (!detect) {
            args.addAll(List.of("--format", formats[kind]));
        }
        LoadCommandTest.Run r = assertTimeoutPreemptively(BOUND, () -> LoadCommandTest.run(args.toArray(String[]::new)),
                () -> "trace inspect hung on " + describe(bytes));
        if (r.exit() != 0) {
            assertEquals(2, r.exit(), () -> "exit " + r.exit() + ": " + r.err() + " on " + describe(bytes));
            BadInputTest.assertClean(r.err());
        }
    }

    /** How many attempts a first request may cost at most (retry policies resend). */
    private static double retries(Scenario s) {
        return s.traffic().stream().mapToDouble(t -> t.retry() == null ? 1 : t.retry().maxAttempts() == null ? 3
                : Math.max(1, t.retry().maxAttempts())).max().orElse(1);
    }

    private static Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return "input (" + bytes.length + " bytes): " + (s.length() > 600 ? s.substring(0, 600) + "..." : s);
    }
}
