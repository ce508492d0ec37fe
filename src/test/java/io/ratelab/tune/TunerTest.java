package io.ratelab.tune;

import io.ratelab.limit.Rate;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.sim.LimiterResult;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TunerTest {

    private static final Path DIR = Path.of("simulations");
    private static final Scenario API = Scenario.read(DIR.resolve("tune-api.yaml"));

    /**
     * Without attack or growth the tuning data is the scenario's own traffic, so the plain simulator, run on the
     * scenario with the recommended limiter, must show what the tuner claims: the same legitimate rejections, the
     * spare share met, the busiest second within maxRate.
     */
    @Test
    void theRecommendationMeetsWhatItClaimsInThePlainSimulator() {
        TuneSpec o = new TuneSpec(new TuneSpec.Spare(0.99, TuneSpec.Spare.REQUESTS), null,
                new TuneSpec.Protect(Rate.parse("1200/s"), null, null), null, 1, 1);
        TuneResult r = Tuner.tune(API, DIR, new Tuner.Options(Target.NGINX, List.of(), null, null, o), null, null);
        assertNull(r.unmeetable());
        TuneResult.Recommendation rec = r.recommended();
        assertEquals(List.of(), rec.train().misses(o));
        SimulationResult sim = Simulator.run(API.withLimiters(List.of(new ScenarioLimiter(rec.spec(), null))), DIR,
                null);
        LimiterResult l = sim.limiters().get(0);
        assertEquals(l.rejected(), rec.train().legitimateRejected());
        assertTrue(1 - (double) l.rejected() / l.offered() >= 0.99, "spares 99% of requests: " + l);
        assertTrue(Arrays.stream(l.perSecond().admitted()).max().orElseThrow() <= 1200);
        assertEquals(Arrays.stream(l.perSecond().admitted()).max().orElseThrow(),
                (long) rec.train().peakAdmittedPerSecond());
        assertEquals(l.latencyMs().p99(), rec.train().p99Ms());
    }

    /**
     * The window algorithms get a frontier in their own terms (the least limit N per window W for each window of the
     * grid), candidates of each, and a recommendation the plain simulator confirms.
     */
    @Test
    void windowAlgorithmsAreTunedByTheirOwnCounts() {
        TuneSpec o = new TuneSpec(new TuneSpec.Spare(0.99, TuneSpec.Spare.REQUESTS), null,
                new TuneSpec.Protect(Rate.parse("1200/s"), null, null), null, 1, 1);
        List<io.ratelab.limit.Algorithm> windows = List.of(io.ratelab.limit.Algorithm.FIXED_WINDOW,
                io.ratelab.limit.Algorithm.SLIDING_LOG, io.ratelab.limit.Algorithm.SLIDING_WINDOW);
        TuneResult r = Tuner.tune(API, DIR, new Tuner.Options(Target.RATELAB, windows, null, null, o), null, null);
        java.util.Map<String, java.util.Map<String, Long>> byWindow = new java.util.HashMap<>();
        for (io.ratelab.limit.Algorithm a : windows) {
            List<TuneResult.FrontierPoint> pts = r.frontier().stream()
                    .filter(p -> p.algorithm().equals(a.id())).toList();
            assertEquals(Family.WINDOWS_MS.length, pts.size(), a + ": one point per window");
            for (TuneResult.FrontierPoint p : pts) {
                assertNotNull(p.window());
                double seconds = io.ratelab.limit.Durations.parse(p.window()).toNanos() / 1e9;
                assertEquals(p.burst() / seconds, p.ratePerSecond(), 1e-6);
                byWindow.computeIfAbsent(a.id(), x -> new java.util.HashMap<>()).put(p.window(), p.burst());
            }
            assertTrue(r.candidates().stream().anyMatch(c -> c.spec().algorithm() == a), a + " has candidates");
        }
        // a sliding log counts every span of length W, an aligned window is one of them: it needs at least as much
        byWindow.get("fixed-window").forEach((w, n) -> assertTrue(byWindow.get("sliding-log").get(w) >= n, w));
        assertTrue(r.frontier().stream().filter(p -> p.algorithm().equals("token-bucket")).findAny().isEmpty());
        assertNull(r.unmeetable());
        TuneResult.Recommendation rec = r.recommended();
        assertTrue(windows.contains(rec.spec().algorithm()), rec.spec().toString());
        assertEquals(List.of(), rec.train().misses(o));
        SimulationResult sim = Simulator.run(API.withLimiters(List.of(new ScenarioLimiter(rec.spec(), null))), DIR,
                null);
        LimiterResult l = sim.limiters().get(0);
        assertEquals(l.rejected(), rec.train().legitimateRejected());
        assertTrue(1 - (double) l.rejected() / l.offered() >= 0.99, "spares 99% of requests: " + l);
    }

    /**
     * nginx delay=N candidates: at a frontier point, delay = the burst sparing the share asked for and burst = the one
     * sparing every key; the full check shows what that buys (no legitimate rejection, where the nodelay sibling at
     * the same rate and burst = delay rejects some) and what it costs (the shaping wait in the latency).
     */
    @Test
    void nginxDelayCandidatesShapeTheExcessInsteadOfRejectingIt() {
        TuneSpec o = new TuneSpec(new TuneSpec.Spare(0.9, TuneSpec.Spare.CLIENTS), null, null, null, 1, 1);
        TuneResult r = Tuner.tune(API, DIR, new Tuner.Options(Target.NGINX, List.of(), null, null, o), null, null);
        List<TuneResult.Candidate> delayed = r.candidates().stream()
                .filter(c -> !Boolean.TRUE.equals(c.spec().nodelay())).toList();
        assertTrue(delayed.size() >= 3, "delay candidates: " + delayed.size());
        int compared = 0;
        for (TuneResult.Candidate d : delayed) {
            assertTrue(d.spec().delay() == null || d.spec().delay() < d.spec().burst(), d.spec().toString());
            assertEquals(0, d.train().legitimateRejected(), "every key fits the burst: " + d.spec());
            for (TuneResult.Candidate n : r.candidates()) {
                if (Boolean.TRUE.equals(n.spec().nodelay()) && n.spec().rate().equals(d.spec().rate())
                        && n.spec().burstOr(0) == (d.spec().delay() == null ? 0 : d.spec().delay())) {
                    compared++;
                    assertTrue(n.train().legitimateRejected() > 0, n.spec().toString());
                    assertTrue(d.train().p99Ms() >= n.train().p99Ms(), d.spec() + " vs " + n.spec());
                }
            }
        }
        assertTrue(compared > 0, "a delay candidate and its nodelay sibling");
    }

    @Test
    void theFrontierHasAtLeast200RatesAndFallsAsTheRateRises() {
        TuneResult r = Tuner.tune(API, DIR, Tuner.Options.of(Target.RATELAB), null, null);
        List<TuneResult.FrontierPoint> f = r.frontier();
        assertTrue(f.size() >= 200, "rates: " + f.size());
        for (int i = 1; i < f.size(); i++) {
            assertTrue(f.get(i).ratePerSecond() > f.get(i - 1).ratePerSecond());
            assertTrue(f.get(i).burst() <= f.get(i - 1).burst(), "at " + f.get(i));
        }
        assertTrue(r.candidates().size() >= 20, "candidates: " + r.candidates().size());
        assertTrue(r.candidates().stream().anyMatch(TuneResult.Candidate::pareto));
        assertTrue(r.recommended().why().contains("spares"));
    }

    @Test
    void withAttackAndGrowthTheRecommendationMeetsEveryObjectiveAndHoldsTheAttack() {
        TuneResult r = Tuner.tune(API, DIR, Tuner.Options.of(Target.NGINX), null, null);
        assertNull(r.unmeetable());
        Scores s = r.recommended().train();
        assertEquals(List.of(), s.misses(API.tune()));
        // two scrapers at 100/s each: the per-IP limit holds them far below their 200/s
        assertTrue(s.attackerAdmittedPerSecond() < 50, "attack admitted " + s.attackerAdmittedPerSecond());
        assertNotNull(s.attackerHeldAfterSeconds());
        assertEquals("current per-IP bucket", r.recommended().explain().current());
        // the current 5/s burst 5 bucket rejects browsers mid-burst; the tuned limit admits them
        assertTrue(r.recommended().explain().admittedNewlyCount() > 0);
    }

    @Test
    void holdoutScoresTheUnseenSpanAgain() {
        TuneResult r = Tuner.tune(API, DIR, new Tuner.Options(Target.HAPROXY, List.of(), null, 0.3, null), null,
                null);
        assertEquals(84, r.data().tuningSeconds(), 1e-9);
        assertEquals(36, r.data().holdoutSeconds(), 1e-9);
        assertTrue(r.candidates().stream().allMatch(c -> c.holdout() != null));
        assertNotNull(r.recommended().holdout());
    }

    @Test
    void objectivesNoCandidateMeetsAreSaidWithTheClosest() {
        TuneSpec o = new TuneSpec(new TuneSpec.Spare(0.999, null), null,
                new TuneSpec.Protect(Rate.parse("300/s"), null, null), null, 1, 1);
        TuneResult r = Tuner.tune(API, DIR, new Tuner.Options(Target.NGINX, List.of(), null, null, o), null, null);
        assertNotNull(r.unmeetable());
        String m = r.unmeetable().message();
        assertTrue(m.startsWith("no nginx limiter among the "), m);
        assertTrue(m.contains("spares 99.9% of clients while holding the upstream to 300/s; closest: nginx rate="), m);
        assertTrue(m.contains("lets ") && m.contains("/s through in its busiest second, above 300/s"), m);
        assertEquals("low", r.recommended().confidence());
        assertTrue(r.unmeetable().closest().size() >= 1);
        assertTrue(r.unmeetable().closest().stream().allMatch(c -> !c.givesUp().isEmpty()));
    }

    @Test
    void tooLittleDataIsLowConfidenceWithTheReason() {
        Scenario few = Scenario.parse("""
                duration: 20s
                key: ip
                limiters: [{algorithm: token-bucket, rate: 1/s, burst: 2}]
                traffic: [{name: few, clients: 12, arrival: {process: poisson, rate: 2/s}}]
                """, "few.yaml", io.ratelab.scenario.FileFormats.yaml(), DIR);
        TuneResult r = Tuner.tune(few, DIR, Tuner.Options.of(Target.RATELAB), null, null);
        assertTrue(r.recommended().reasons().contains("only 12 legitimate keys to tune on (fewer than 50)"),
                r.recommended().reasons().toString());
        assertTrue(r.recommended().reasons().stream().anyMatch(s -> s.contains("requests to tune on (fewer than"
                + " 1,000)")), r.recommended().reasons().toString());
        assertEquals("low", r.recommended().confidence());
    }

    @Test
    void anAlgorithmTheEngineCannotExpressIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tuner.tune(API, DIR,
                new Tuner.Options(Target.NGINX, List.of(io.ratelab.limit.Algorithm.GCRA), null, null, null), null,
                null));
        assertTrue(e.getMessage().startsWith("--algorithm: nginx cannot express gcra"), e.getMessage());
    }

    @Test
    void cancellingStopsTheTuning() {
        assertThrows(TuneCancelled.class, () -> Tuner.tune(API, DIR, Tuner.Options.of(Target.RATELAB), null,
                () -> true));
    }
}
