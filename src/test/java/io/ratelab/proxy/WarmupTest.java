package io.ratelab.proxy;

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
        try (DemoUpstream real = demo()) {
            ProxyConfig config = config(url(real.listenAddress()), KeyRule.IP, tokenBucket("1/m", 1));
            long served = Warmup.run(config, Duration.ofMillis(600));
            assertTrue(served > 20, "served " + served + " warm-up requests");
            LimitingProxy proxy = LimitingProxy.start(config);
            try {
                assertEquals(200, get(client(), url(proxy.listenAddress())).statusCode(),
                        "the warm-up used its own limiter and upstream: the real one is untouched");
                assertEquals(0, real.inService());
            } finally {
                proxy.close();
            }
        }
    }
}
