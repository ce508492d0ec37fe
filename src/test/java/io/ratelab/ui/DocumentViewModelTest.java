package io.ratelab.ui;

import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.traffic.TrafficPanelViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open scenario as a document, without the toolkit: open, replace, edit, save, recent files, the title. */
class DocumentViewModelTest {

    @TempDir
    Path dir;

    private final LimiterPanelViewModel limiters = new LimiterPanelViewModel();
    private final TrafficPanelViewModel traffic = new TrafficPanelViewModel();
    private final StatusBarViewModel status = new StatusBarViewModel();
    private int replaced;

    private DocumentViewModel document() {
        return new DocumentViewModel(limiters, traffic, status, new RecentFiles(dir.resolve("recent")),
                () -> replaced++);
    }

    private Path scenario(String name) throws Exception {
        return Files.writeString(dir.resolve(name), """
                name: small
                duration: 10s
                limiters:
                  - {name: tb, algorithm: token-bucket, rate: 20/s, burst: 5}
                traffic:
                  - {name: callers, clients: 3, arrival: {process: constant, rate: 10/s}}
                """);
    }

    @Test
    void aNewWindowShowsTheDefaultScenarioUnmodifiedWithoutAFile() {
        DocumentViewModel d = document();
        assertNull(d.file());
        assertFalse(d.isModified());
        assertEquals(0, replaced, "nothing was shown before the default scenario");
        assertTrue(d.titleProperty().get().startsWith("RateLab — "), d.titleProperty().get());
        assertFalse(d.titleProperty().get().endsWith("•"));
    }

    @Test
    void openingReplacesTheScenarioAndRemembersTheFile() throws Exception {
        DocumentViewModel d = document();
        Path file = scenario("small.yaml");
        assertNull(d.open(file));
        assertEquals(1, replaced, "the window is told before another scenario replaces the shown one");
        assertEquals(file, d.file());
        assertEquals("small (small.yaml)", d.scenarioNameProperty().get());
        assertEquals(List.of("tb"), limiters.limiters().stream().map(l -> l.name()).toList());
        assertEquals(List.of(file.toAbsolutePath().normalize()), d.recentFiles().stream()
                .map(p -> p.toAbsolutePath().normalize()).toList());
        assertFalse(d.isModified());
    }

    @Test
    void aFileThatCannotBeReadSaysWhyAndReplacesNothing() throws Exception {
        DocumentViewModel d = document();
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: x\nduration: soon\n");
        String problem = d.open(bad);
        assertNotNull(problem);
        assertTrue(problem.contains("bad.yaml"), problem);
        assertEquals(0, replaced);
        assertNull(d.file());
    }

    @Test
    void anEditMarksTheDocumentModifiedAndSavingClearsIt() throws Exception {
        DocumentViewModel d = document();
        assertNull(d.open(scenario("small.yaml")));
        traffic.durationProperty().set("20s");
        assertTrue(d.isModified());
        assertNotNull(d.checkModified(), "the panels still describe a valid scenario");
        assertTrue(d.titleProperty().get().endsWith(" •"), d.titleProperty().get());

        Path copy = dir.resolve("copy.yaml");
        assertTrue(d.saveAs(copy));
        assertFalse(d.isModified());
        assertFalse(d.titleProperty().get().endsWith("•"));
        assertEquals(copy, d.file());
        assertTrue(Files.readString(copy).contains("20s"), Files.readString(copy));
        assertEquals(copy.toAbsolutePath().normalize(), d.recentFiles().get(0).toAbsolutePath().normalize());
    }

    @Test
    void newScenarioReplacesTheShownOneWithAnUnsavedDefault() throws Exception {
        DocumentViewModel d = document();
        assertNull(d.open(scenario("small.yaml")));
        d.newScenario();
        assertEquals(2, replaced);
        assertNull(d.file());
        assertFalse(d.save(), "a new scenario has no file to save to yet");
    }

    /**
     * Opening a file and saving it unedited changes nothing: every curated scenario opens unmodified, and its
     * upstream (an absent errorRate, a queueLimit the panel has no field for) comes back as written.
     */
    @Test
    void everyCuratedScenarioOpensUnmodifiedAndKeepsItsUpstream() throws Exception {
        Path upstreamOnly = Files.writeString(dir.resolve("queued.yaml"), """
                name: queued
                duration: 10s
                limiters:
                  - {name: tb, algorithm: token-bucket, rate: 20/s, burst: 5}
                traffic:
                  - {name: callers, clients: 3, arrival: {process: constant, rate: 10/s}}
                upstream:
                  concurrency: 4
                  queueLimit: 16
                  serviceTime: {distribution: lognormal, median: 20ms, p99: 150ms}
                """);
        List<Path> files;
        try (var list = Files.list(Path.of("simulations"))) {
            files = new java.util.ArrayList<>(list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
        }
        assertTrue(files.size() >= 10, "the curated scenarios are found: " + files);
        files.add(upstreamOnly);
        DocumentViewModel d = document();
        for (Path f : files) {
            assertNull(d.open(f.toAbsolutePath()), f.toString());
            assertFalse(d.isModified(), f + " shows as modified right after opening");
            assertEquals(io.ratelab.scenario.Scenario.read(f).upstream(), d.currentScenario().upstream(),
                    f + ": the upstream as written");
        }
    }
}
