package io.ratelab.ui.live;

import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyMetrics;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench, as {@code ratelab run}: more client addresses than the generator may hold connections to (at most
 * 9/10 of the proxy's clients.maxConnections, 10 000) come through a front the proxy trusts, and a limiter swapped in
 * keeps that trust, so the per-IP keys stay apart.
 */
class LiveSessionFrontTest {

    @Test
    void manyAddressesComeThroughATrustedFrontThatSurvivesASwap() throws Exception {
        Scenario s = Scenario.parse("""
                name: crowd
                duration: 2s
                seed: 5
                key: ip
                limiters:
                  - {name: per ip, algorithm: token-bucket, rate: 5/s, burst: 5}
                traffic:
                  - {name: polite, clients: 9500, arrival: {process: poisson, rate: 3/m}}
                  - {name: greedy, clients: 3, arrival: {process: constant, rate: 40/s}}
                """, "test", FileFormats.yaml(), Path.of("."));
        long simulated = Simulator.run(s, Path.of("."), null).limiters().get(0).admitted();
        assertTrue(simulated > 500, "every polite request is admitted: " + simulated);
        LiveSession session = LiveSession.start(new LiveSession.Setup(s, Path.of("."), s.limiters().get(0), null));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (session.state() != LiveSession.State.RUNNING && System.nanoTime() < deadline) {
                assertTrue(session.state() != LiveSession.State.FAILED, session.problem());
                TimeUnit.MILLISECONDS.sleep(5);
            }
            LimitingProxy proxy = session.proxies().get(0);
            assertEquals(List.of("127.0.0.1/32"), proxy.settings().trustedProxies());
            session.apply(s.limiters().get(0));
            while (session.limiterChangeCount() < 2 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertEquals(2, session.limiterChangeCount(), "the swap was applied");
            assertEquals(List.of("127.0.0.1/32"), proxy.settings().trustedProxies(), "the swap kept the front");
            while (session.state() != LiveSession.State.FINISHED && System.nanoTime() < deadline) {
                assertTrue(session.state() != LiveSession.State.FAILED, session.problem());
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals(LiveSession.State.FINISHED, session.state(), session.problem());
            ProxyMetrics.Totals t = proxy.metrics().totals();
            // one key for all (the front not trusted, before or after the swap) would admit about 5 + 5/s x 2 s = 15;
            // the swap may give the three greedy clients a fresh burst of 5 each
            assertTrue(t.admitted() >= simulated - 6 && t.admitted() <= simulated + 15 + 6, "admitted " + t
                    + " live, " + simulated + " simulated");
        } finally {
            session.stop();
        }
    }
}
