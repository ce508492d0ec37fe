package io.ratelab.proxy.demo;

import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.proxy.RecordingUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the warm-up drives traffic through a throw-away proxy and leaves nothing behind. */
class WarmupTest {

    @Test
    void warmupServesInternalTrafficThenTheRealProxyStarts() throws Exception {
        try (RecordingUpstream real = new RecordingUpstream()) {
            ProxyConfig config = config(url(real.address()), KeyRule.IP, tokenBucket("1/m", 1));
            long served = Warmup.run(config, Duration.ofMillis(600));
            assertTrue(served > 20, "served " + served + " warm-up requests");
            assertEquals(0, real.count.get(), "the warm-up used its own upstream: the real one received nothing");
            LimitingProxy proxy = LimitingProxy.start(config);
            try {
                assertEquals(200, get(client(), url(proxy.listenAddress())).statusCode(),
                        "the warm-up used its own limiter: the real one's single token is still there");
                assertEquals(1, real.count.get(), "the real upstream received the one request sent to the proxy");
            } finally {
                proxy.close();
            }
        }
    }
}
