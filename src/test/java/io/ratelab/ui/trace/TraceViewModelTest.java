package io.ratelab.ui.trace;

import io.ratelab.report.plot.ChartData;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.TrafficSpec;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace view's logic without the FX toolkit: reads on a direct executor, then {@link TraceViewModel#pull()}
 * publishes. Proves the summary equals {@code trace inspect}'s ({@link TraceSummary}), the profile has a point per
 * second, errors name the file and the line, and the trace becomes a scenario's only traffic for the simulator.
 */
class TraceViewModelTest {

    private static final Path TUESDAY = Path.of("simulations/traces/tuesday.log");

    @TempDir
    Path dir;

    private final TraceViewModel vm = new TraceViewModel(Runnable::run);

    private String fact(String label) {
        return vm.facts().stream().filter(f -> f.label().equals(label)).findFirst().orElseThrow().value();
    }

    @Test
    void openingTuesdayShowsTheInspectSummaryAndAPointPerSecond() {
        vm.open(TUESDAY);
        assertTrue(vm.pull());
        TraceSummary expected = TraceSummary.scan(TUESDAY, TraceOptions.defaults(), 10);
        assertTrue(vm.loadedProperty().get());
        assertEquals("", vm.errorProperty().get());
        assertEquals(String.format(java.util.Locale.ROOT, "%,d", expected.requests()), fact("Requests"));
        assertEquals(String.format(java.util.Locale.ROOT, "%,d", expected.clients()), fact("Distinct clients"));
        TraceSummary.RateStats r = expected.rateStats();
        assertTrue(fact("Rate per second").startsWith("min " + r.min() + ", median "), fact("Rate per second"));
        assertTrue(fact("Rate per second").endsWith("max " + r.max()), fact("Rate per second"));
        assertTrue(fact("Span").startsWith(String.format(java.util.Locale.ROOT, "%.1f s", expected.spanNanos() / 1e9)));
        assertTrue(fact("Format").startsWith("combined"), fact("Format"));
        assertEquals(expected.skipped().count(), Long.parseLong(fact("Skipped lines").split("\n")[0].replace(",", "")));
        assertEquals(10, vm.topClients().size());
        assertTrue(vm.topClients().get(0).startsWith(expected.topClients().get(0).client() + " — "));
        ChartData profile = vm.profileProperty().get();
        assertEquals(1, profile.series().size());
        assertEquals(expected.perSecond().length, profile.series().get(0).size());
        double sum = 0;
        for (int i = 0; i < profile.series().get(0).size(); i++) {
            sum += profile.series().get(0).y()[i];
        }
        assertEquals(expected.requests(), (long) sum, "the profile counts every request once");
    }

    @Test
    void garbageLinesAreCountedAndTheFirstShownWithLineNumbers() throws Exception {
        List<String> lines = List.of(
                "10.0.0.1 - - [19/Nov/2024:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"x\"",
                "this is not a log line",
                "10.0.0.2 - - [19/Nov/2024:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 5 \"-\" \"x\"",
                "10.0.0.3 - - [99/Nov/2024:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 5 \"-\" \"x\"",
                "10.0.0.1 - - [19/Nov/2024:10:00:02 +0000] \"GET /c HTTP/1.1\" 200 5 \"-\" \"x\"");
        Path f = Files.write(dir.resolve("messy.log"), lines);
        vm.formatProperty().set("combined");
        vm.open(f);
        vm.pull();
        assertTrue(vm.loadedProperty().get());
        String skipped = fact("Skipped lines");
        assertTrue(skipped.startsWith("2\n"), skipped);
        assertTrue(skipped.contains("line 2: "), skipped);
        assertTrue(skipped.contains("line 4: "), skipped);
        assertEquals("3", fact("Requests"));
        assertTrue(vm.messageProperty().get().contains("0 repaired; 2 skipped; 0 late"), vm.messageProperty().get());
    }

    @Test
    void aMissingFileOrAnUnreadableFormatSaysWhatAndWhere() throws Exception {
        Path missing = dir.resolve("nope.log");
        vm.open(missing);
        vm.pull();
        assertFalse(vm.loadedProperty().get());
        assertTrue(vm.errorProperty().get().startsWith(missing + ": "), vm.errorProperty().get());
        assertTrue(vm.errorProperty().get().contains("no such file"), vm.errorProperty().get());

        vm.formatProperty().set("csv");
        vm.open(TUESDAY);
        vm.pull();
        assertFalse(vm.loadedProperty().get(), "a combined log read as CSV holds no request");
        assertTrue(vm.errorProperty().get().startsWith(TUESDAY.toString()), vm.errorProperty().get());

        vm.formatProperty().set("combined");
        vm.keyProperty().set("header:");
        assertFalse(vm.reload(), "an invalid key field starts nothing");
        assertTrue(vm.errorProperty().get().startsWith("key: "), vm.errorProperty().get());
    }

    @Test
    void theTraceBecomesTheOnlyTrafficAndSimulatesTheSelectedLimiter() {
        Scenario current = Scenario.read(Path.of("simulations/trace-tuesday.yaml"));
        vm.speedProperty().set(30);
        vm.open(TUESDAY);
        vm.pull();
        Scenario onTrace = vm.onTrace(current);
        assertEquals(1, onTrace.traffic().size());
        TrafficSpec group = onTrace.traffic().get(0);
        assertEquals(30.0, group.trace().speed());
        assertEquals(TUESDAY.toAbsolutePath().toString(), group.trace().path());
        assertEquals("combined", group.trace().format());
        assertEquals(current.limiters(), onTrace.limiters());

        assertTrue(vm.simulation().simulate(current, "sliding window"));
        assertTrue(vm.pull());
        assertFalse(vm.simulation().textProperty().get().startsWith("The simulation failed"),
                vm.simulation().textProperty().get());
        ChartData sim = vm.simulation().chartProperty().get();
        assertEquals(List.of("offered", "admitted (2xx)", "rejected (429)"),
                sim.series().stream().map(s -> s.name()).toList());
        long requests = TraceSummary.scan(TUESDAY, TraceOptions.defaults(), 0).requests();
        double offered = 0;
        double step = sim.series().get(0).x()[0];
        for (int i = 0; i < sim.series().get(0).size(); i++) {
            offered += sim.series().get(0).y()[i] * step;
        }
        assertEquals(requests, Math.round(offered), "every recorded request is offered once");
        assertTrue(sim.series().get(0).size() >= 100, "the replay, 30× shorter than the trace, still plots 100 steps: "
                + sim.series().get(0).size());
        assertTrue(vm.simulation().textProperty().get().startsWith("'sliding window' (sliding-window) at 30×"),
                vm.simulation().textProperty().get());
        assertTrue(vm.simulation().textProperty().get().contains("rejected"), vm.simulation().textProperty().get());
    }
}
