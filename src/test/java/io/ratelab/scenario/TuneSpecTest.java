package io.ratelab.scenario;

import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code tune:} section: the issue's example reads, values round-trip, mistakes name the field and line. */
class TuneSpecTest {

    private static final String BASE = """
            duration: 10s
            limiters: [{algorithm: token-bucket, rate: 10/s, burst: 20}]
            traffic:
              - {name: users, clients: 5, arrival: {process: poisson, rate: 2/s}}
              - {name: bots, arrival: {process: constant, rate: 50/s}}
            """;

    private static Scenario parse(String tune) {
        return Scenario.parse(BASE + tune, "t.yaml", FileFormats.yaml(), Path.of("."));
    }

    @Test
    void theIssuesExampleReads() {
        TuneSpec t = parse("""
                tune:
                  spare: { share: 99.9%, of: clients }
                  legitimate: all
                  protect: { maxRate: 600/s }
                  attack: { clients: 1, rate: 200/s }
                  growth: 1.5
                  replicas: 1
                """).tune();
        assertEquals(0.999, t.spare().share(), 1e-12);
        assertEquals("clients", t.spare().of());
        assertNull(t.legitimate().groups());
        assertEquals(Rate.parse("600/s"), t.protect().maxRate());
        assertEquals(new TuneSpec.Attack(1, Rate.parse("200/s"), null), t.attack());
        assertEquals(1.5, t.growth());
        assertEquals(1, t.replicas());
    }

    @Test
    void everyFormOfLegitimateAndProtectReadsAndRoundTrips() {
        Scenario s = parse("""
                tune:
                  spare: { share: 95%, of: requests }
                  legitimate: { exclude: { clientsAbove: 20/s } }
                  protect: { utilisation: 80%, p99: 250ms }
                  attack: bots
                """);
        TuneSpec t = s.tune();
        assertEquals(Rate.parse("20/s"), t.legitimate().clientsAbove());
        assertEquals(0.8, t.protect().utilisation(), 1e-12);
        assertEquals(Duration.ofMillis(250), t.protect().p99());
        assertEquals("bots", t.attack().group());
        Scenario again = Scenario.parse(s.write(FileFormats.yaml()), "again.yaml", FileFormats.yaml(), Path.of("."));
        assertEquals(t, again.tune());
        assertEquals(List.of("users"), parse("tune: {legitimate: [users]}").tune().legitimate().groups());
    }

    @Test
    void mistakesNameTheFieldAndLine() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse("tune:\n  spare: {share: 150%}\n"));
        assertTrue(e.getMessage().contains("spare.share: must be above 0% and at most 100%, got 150%"),
                e.getMessage());
        assertTrue(e.getMessage().contains("line 6") || e.getMessage().contains(":6"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> parse("tune:\n  spares: {share: 99%}\n"));
        assertTrue(e.getMessage().contains("tune.spares: unknown key 'spares'; allowed here: attack, growth, legitimate,"
                + " protect, replicas, spare"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> parse("tune: {growth: 0.5}\n"));
        assertTrue(e.getMessage().contains("growth: must be from 1"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> parse("tune: {attack: robots}\n"));
        assertTrue(e.getMessage().contains("tune: attack names no traffic group 'robots'"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> parse("tune: {protect: {maxRate: fast}}\n"));
        assertTrue(e.getMessage().contains("protect.maxRate: 'fast' is not a rate"), e.getMessage());
    }
}
