package io.ratelab.ui;

import io.ratelab.scenario.Scenario;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The plan read on open is reused while the traffic is the same, and read again (counted) when it is not. */
class OpenedTrafficTest {

    private static final Path DIR = Path.of("simulations").toAbsolutePath();

    @Test
    void reusesThePlanReadOnOpenUntilTheTrafficChanges() {
        Scenario.Planned opened = Scenario.readPlanned(DIR.resolve("trace-tuesday.yaml"));
        OpenedTraffic t = new OpenedTraffic();
        t.keep(opened.scenario(), DIR, opened.plan());
        Scenario s = opened.scenario();
        Scenario otherLimiters = s.withLimiters(s.limiters().subList(0, 1));
        assertSame(opened.plan(), t.planFor(otherLimiters, DIR), "limiters do not change the traffic");
        assertEquals(1, t.reads());
        Scenario otherSeed = new Scenario(s.name(), s.duration(), s.seed() + 1, s.key(), s.limiters(), s.traffic(),
                s.upstream(), s.replicas(), s.store(), s.redis(), s.tune());
        TrafficPlan again = t.planFor(otherSeed, DIR);
        assertNotSame(opened.plan(), again);
        assertEquals(2, t.reads());
        assertSame(again, t.planFor(otherSeed, DIR));
        assertEquals(2, t.reads());
    }
}
