package io.ratelab.ui.live;

import io.ratelab.proxy.LimitingProxy;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A live session of a scenario with {@code replicas: 2}: two proxies, traffic round-robin, a swap reaches both. */
class LiveSessionReplicasTest {

    @Test
    void startsOneProxyPerReplicaAndSpreadsTheTraffic() throws Exception {
        Scenario s = Scenario.parse(String.join("\n", "name: two", "duration: 3s", "seed: 5", "key: ip",
                        "replicas: 2", "limiters: [{name: a, algorithm: token-bucket, rate: 5/s, burst: 5},"
                                + " {name: b, algorithm: fixed-window, rate: 50/s}]",
                        "traffic: [{name: users, clients: 3, arrival: {process: constant, rate: 20/s}}]"),
                "test", FileFormats.yaml(), Path.of("."));
        LiveSession session = LiveSession.start(new LiveSession.Setup(s, Path.of("."), s.limiters().get(0), null));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (session.state() != LiveSession.State.FINISHED && System.nanoTime() < deadline) {
                assertTrue(session.state() != LiveSession.State.FAILED, session.problem());
                if (session.state() == LiveSession.State.RUNNING && session.proxies().size() == 2) {
                    session.apply(s.limiters().get(1));
                }
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals(LiveSession.State.FINISHED, session.state(), session.problem());
            List<LimitingProxy> proxies = session.proxies();
            assertEquals(2, proxies.size());
            assertEquals(2, session.targetUrl().split(" ").length, session.targetUrl());
            long a = proxies.get(0).metrics().totals().received();
            long b = proxies.get(1).metrics().totals().received();
            assertEquals(180, a + b, "3 clients x 20/s x 3 s, each received once");
            assertEquals(90, a, 1.0, "round-robin: half each");
            for (LimitingProxy p : proxies) {
                assertEquals("b", p.settings().limiter().name(), "the swap reached every replica");
            }
        } finally {
            session.stop();
        }
    }
}
