package io.ratelab.export.fidelity;

import io.ratelab.export.ExportFormat;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof of the exports: the real nginx and HAProxy, started on exported configs on loopback, admit what
 * RateLab's engine models predict for the same send instants — admitted counts within 0.5%, every second within
 * one request. Each test replays a few hundred requests over 3 s from a fixed seed; sends are planned 10 ms clear
 * of any decision boundary ({@link TracePlan#robust}) because the engines decide on a cached millisecond clock.
 * Skips, naming the binary, when nginx or HAProxy is not installed.
 */
class FidelityTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void nginxTokenBucketPerIp(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("4/s"), 3L);
        List<TracePlan.Send> plan = TracePlan.poisson(11, 16, 8, 3 * SECOND, 5 * MS);
        assertAgrees(Fidelity.run("nginx token-bucket 4/s burst 3 per IP", ExportFormat.NGINX, tb, KeyRule.IP, 16,
                plan, dir));
    }

    @Test
    void nginxDelayPerApiKey(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        LimiterSpec nginx = new LimiterSpec(null, Algorithm.NGINX_LIMIT_REQ, Rate.parse("5/s"), 4L, null, null,
                null, 2L, null, null, null);
        List<TracePlan.Send> plan = TracePlan.poisson(12, 8, 9, 3 * SECOND, 5 * MS);
        assertAgrees(Fidelity.run("nginx limit_req 5r/s burst=4 delay=2 per X-Api-Key", ExportFormat.NGINX, nginx,
                KeyRule.header("X-Api-Key"), 8, plan, dir));
    }

    @Test
    void nginxGlobal(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        LimiterSpec gcra = LimiterSpec.of(Algorithm.GCRA, Rate.parse("20/s"), 5L);
        List<TracePlan.Send> plan = TracePlan.poisson(13, 1, 40, 3 * SECOND, 5 * MS);
        assertAgrees(Fidelity.run("nginx gcra 20/s burst 5 global", ExportFormat.NGINX, gcra, KeyRule.GLOBAL, 1,
                plan, dir));
    }

    @Test
    void haproxyFixedWindowPerIp(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        LimiterSpec fw = new LimiterSpec(null, Algorithm.FIXED_WINDOW, Rate.parse("5/s"), null, Duration.ofSeconds(1),
                null, null, null, null, null, null);
        List<TracePlan.Send> plan = TracePlan.poisson(21, 16, 8, 3 * SECOND, 5 * MS);
        assertAgrees(Fidelity.run("haproxy fixed-window 5/s per IP", ExportFormat.HAPROXY, fw, KeyRule.IP, 16,
                plan, dir));
    }

    @Test
    void haproxyTokenBucketPerApiKey(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("5/s"), 10L);
        List<TracePlan.Send> plan = TracePlan.poisson(22, 8, 9, 4 * SECOND, 5 * MS);
        assertAgrees(Fidelity.run("haproxy token-bucket 5/s burst 10 per X-Api-Key", ExportFormat.HAPROXY, tb,
                KeyRule.header("X-Api-Key"), 8, plan, dir));
    }

    private static void assertAgrees(Fidelity.Result result) {
        System.out.println("fidelity " + result.atSendInstants());
        System.out.println("fidelity " + result.atEngineClock());
        Fidelity.Report r = result.atEngineClock();
        assertEquals(0, r.otherStatuses(), "every answer is 200 or 429: " + r);
        assertEquals(r.engineAdmitted(), r.upstreamRequests(), "the upstream saw exactly the admitted requests");
        assertTrue(r.modelAdmitted() > 0 && r.modelAdmitted() < r.requests(), "the trace exercises the limit: " + r);
        assertTrue(Math.abs(r.engineAdmitted() - r.modelAdmitted()) <= 0.005 * r.modelAdmitted(),
                "admitted within 0.5%: " + r);
        assertTrue(r.maxPerSecondDelta() <= 1, "per second within 1: " + r);
    }
}
