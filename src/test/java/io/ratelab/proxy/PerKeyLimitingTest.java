package io.ratelab.proxy;

import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Proves that each key has its own limit, through real sockets, with time moved by hand. */
class PerKeyLimitingTest {

    private DemoUpstream upstream;
    private LimitingProxy proxy;
    private final ManualClock clock = new ManualClock();
    private final HttpClient client = client();

    @BeforeEach
    void start() throws Exception {
        upstream = demo();
        proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.parse("header:X-Api-Key"),
                tokenBucket("1/m", 3)), clock::now);
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void eachApiKeyGetsItsOwnBurstAndTheUpstreamAnswersAdmittedOnes() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/a"), "X-Api-Key", "alice");
            assertEquals(200, r.statusCode(), "alice request " + i);
            assertEquals("ok\n", r.body());
        }
        assertEquals(429, get(client, url(proxy.listenAddress(), "/a"), "X-Api-Key", "alice").statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(client, url(proxy.listenAddress(), "/b"), "X-Api-Key", "bob").statusCode(),
                    "bob is not limited by alice's use");
        }
        assertEquals(429, get(client, url(proxy.listenAddress(), "/b"), "X-Api-Key", "bob").statusCode());
        clock.advance(Duration.ofSeconds(20));
        assertEquals(429, get(client, url(proxy.listenAddress()), "X-Api-Key", "alice").statusCode(),
                "a third of a token is not a token");
        clock.advance(Duration.ofSeconds(40));
        assertEquals(200, get(client, url(proxy.listenAddress()), "X-Api-Key", "alice").statusCode(),
                "one token after a minute");
        assertEquals(429, get(client, url(proxy.listenAddress()), "X-Api-Key", "alice").statusCode());

        ProxyMetrics.Totals t = settled(proxy);
        assertEquals(11, t.received());
        assertEquals(7, t.admitted());
        assertEquals(4, t.rejected());
        assertEquals(0, t.errors());
    }

    @Test
    void requestsWithoutTheHeaderShareOneKey() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
        }
        assertEquals(429, get(client, url(proxy.listenAddress())).statusCode());
        assertEquals(200, get(client, url(proxy.listenAddress()), "X-Api-Key", "carol").statusCode());
    }
}
