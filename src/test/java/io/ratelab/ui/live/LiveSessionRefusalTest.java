package io.ratelab.ui.live;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Live tab's session refuses absurd work up front, as {@code ratelab run} does, with the estimate. */
class LiveSessionRefusalTest {

    @Test
    void aLiveRunAboveAMillionRequestsASecondFailsAtOnceWithTheEstimate() throws Exception {
        Scenario s = Scenario.parse(String.join("\n", "duration: 60s",
                        "limiters: [{name: a, algorithm: token-bucket, rate: 5/s, burst: 5}]",
                        "traffic: [{name: flood, clients: 100, arrival: {process: constant, rate: 100000/s}}]"),
                "flood", FileFormats.yaml(), Path.of("."));
        LiveSession session = LiveSession.start(new LiveSession.Setup(s, Path.of("."), s.limiters().get(0), null));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (session.state() != LiveSession.State.FAILED && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10); // polling a condition, bounded by the deadline
            }
            assertEquals(LiveSession.State.FAILED, session.state());
            assertTrue(session.problem().contains("this scenario schedules 6e8 requests in 1m (1e7 per second); a live"
                    + " run sends at most 1e6 per second"), session.problem());
        } finally {
            session.stop();
        }
    }
}
