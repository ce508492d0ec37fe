package io.ratelab.ui.live;

import io.ratelab.load.GeneratorClock;
import io.ratelab.proxy.ProxyMetrics;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench's live session times its proxy as {@code ratelab run} does ({@link GeneratorClock}): fixed windows
 * start with the generator's run, where the simulation has them.
 */
class LiveSessionClockTest {

    @Test
    void fixedWindowsFallWhereTheSimulationHasThem() throws Exception {
        // 10 per 1 s window, 40/s for 1.7 s: windows from the run's start, [0, 1) and [1, 2), admit 10 each = 20, as
        // the simulator has it; windows at any other phase (the proxy's own epoch-aligned clock) span three and admit
        // up to 30. Sends up to 300 ms late still fall in [1, 2).
        Scenario s = Scenario.parse("""
                name: windows
                duration: 1700ms
                seed: 1
                key: global
                limiters:
                  - {name: fixed, algorithm: fixed-window, rate: 10/s, window: 1s}
                traffic:
                  - {name: steady, clients: 1, arrival: {process: constant, rate: 40/s}}
                """, "test", FileFormats.yaml(), Path.of("."));
        long simulated = Simulator.run(s, Path.of("."), null).limiters().get(0).admitted();
        assertEquals(20, simulated);
        LiveSession session = LiveSession.start(new LiveSession.Setup(s, Path.of("."), s.limiters().get(0), null));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (session.state() != LiveSession.State.FINISHED && System.nanoTime() < deadline) {
                assertTrue(session.state() != LiveSession.State.FAILED, session.problem());
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals(LiveSession.State.FINISHED, session.state(), session.problem());
            ProxyMetrics.Totals t = session.proxies().get(0).metrics().totals();
            assertEquals(68, t.received(), "40/s for 1.7 s, each received once");
            assertEquals(simulated, t.admitted(), "the live windows are the simulated ones: " + t);
        } finally {
            session.stop();
        }
    }

    @Test
    void beforeTheGeneratorStartsTheClockCountsFromItsCreation() {
        long before = System.nanoTime();
        GeneratorClock clock = new GeneratorClock();
        long read = clock.getAsLong();
        long bound = System.nanoTime() - before;
        assertTrue(read >= 0 && read <= bound, read + " within " + bound);
    }
}
