package io.ratelab.ui.traffic;

import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.RetrySpec;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.TraceSpec;
import io.ratelab.scenario.TrafficSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21's residue: a group that replays a trace shows as what it is — its file, format, speed and loop, key — not
 * with a modelled group's arrival fields ("poisson 5/s"); what it builds is the trace group as read.
 */
class TrafficGroupViewModelTest {

    private static TrafficGroupViewModel loaded(TrafficSpec group) {
        TrafficPanelViewModel panel = new TrafficPanelViewModel();
        panel.load(Duration.ofMinutes(1), KeyRule.IP, List.of(group), null);
        return panel.groups().get(0);
    }

    @Test
    void theTuesdayScenariosTraceGroupShowsItsTraceSettings() {
        TrafficSpec tuesday = Scenario.read(Path.of("simulations/trace-tuesday.yaml")).traffic().get(0);
        TrafficGroupViewModel g = loaded(tuesday);
        assertTrue(g.replaysTrace());
        assertTrue(g.replaysTraceProperty().get());
        assertEquals("traces/tuesday.log", g.traceFileProperty().get());
        assertEquals("combined", g.traceFormatProperty().get());
        assertEquals("10×, once", g.traceReplayProperty().get());
        assertEquals("the format's default", g.traceKeyProperty().get(), "the file names no key");
        assertEquals("", g.errorProperty().get());
        assertEquals(tuesday, g.specProperty().get(), "kept as read: no clients or arrival added");
    }

    @Test
    void defaultsAreSaidInWordsAndALoopAndReorderWindowShow() {
        TraceSpec trace = new TraceSpec("traces/api.har", null, "header:X-Api-Key", 2.5, true, Duration.ofSeconds(30));
        TrafficGroupViewModel g = loaded(new TrafficSpec("api", null, null, null, null, trace, null));
        assertEquals("detected from the file", g.traceFormatProperty().get());
        assertEquals("header:X-Api-Key", g.traceKeyProperty().get());
        assertEquals("2.5×, looped until the duration; reorder window 30s", g.traceReplayProperty().get());

        TrafficGroupViewModel plain = loaded(new TrafficSpec("plain", null, null, null, null,
                new TraceSpec("t.log", null, null, null, null, null), null));
        assertEquals("1×, once", plain.traceReplayProperty().get());
    }

    @Test
    void aTraceGroupKeepsItsRetryPolicyEditable() {
        TraceSpec trace = new TraceSpec("t.log", "common", "ip", 1.0, false, null);
        TrafficGroupViewModel g = loaded(new TrafficSpec("t", null, null, null, null, trace, null));
        g.retryPolicyProperty().set("immediate");
        RetrySpec retry = g.specProperty().get().retry();
        assertEquals("immediate", retry.policy());
        assertEquals(trace, g.specProperty().get().trace());
    }

    @Test
    void aModelledGroupShowsNoTrace() {
        TrafficGroupViewModel g = new TrafficPanelViewModel().groups().get(0);
        assertFalse(g.replaysTraceProperty().get());
        assertEquals("", g.traceFileProperty().get());
        assertEquals("", g.traceReplayProperty().get());
        assertFalse(g.arrivalFields().isEmpty());
    }
}
