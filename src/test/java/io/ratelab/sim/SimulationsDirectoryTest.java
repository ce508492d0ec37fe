package io.ratelab.sim;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every scenario in {@code simulations/}: each must begin with a comment saying what it shows, read without
 * error, simulate, and give self-consistent counts; none is skipped. Trace-based scenarios run here like the
 * others.
 */
class SimulationsDirectoryTest {

    private static final Path DIR = Path.of("simulations");

    @TestFactory
    Stream<DynamicTest> everyScenarioRuns() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().matches(".*\\.(ya?ml|json)")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "at least the 8 curated scenarios, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        if (FileFormats.forPath(file) == FileFormats.yaml()) {
            assertTrue(text.startsWith("# "), file + " starts with a comment on what it shows");
        }
        Scenario scenario = Scenario.read(file);
        SimulationResult r = Simulator.run(scenario, DIR, null);
        assertEquals(scenario.limiters().size() * (scenario.replicaCount() > 1 ? 2 : 1), r.limiters().size(),
                "one result per limiter, two (N local, shared) with replicas");
        for (LimiterResult l : r.limiters()) {
            assertTrue(l.offered() > 0, l.name() + " saw traffic");
            assertEquals(l.sent(), l.admitted() + l.rejected() + l.errors(), l.name());
            assertEquals(l.sent(), l.offered() + l.retries(), l.name());
            assertEquals(l.admitted(), l.latencyMs().count(), l.name() + ": every admitted request completes");
            assertEquals(l.rejected(), l.latencyByOutcomeMs().rejected().count(), l.name());
            assertEquals(l.errors(), l.latencyByOutcomeMs().error().count(), l.name());
            assertEquals(l.offered(), l.groups().stream().mapToLong(LimiterResult.GroupResult::offered).sum());
        }
        assertEquals(r.limiters().get(0).offered(), r.limiters().get(r.limiters().size() - 1).offered(),
                "every limiter sees the same first attempts");
    }
}
