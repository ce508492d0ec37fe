package io.ratelab.proxy;

import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.upstream.TrustedProxies;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.util.List;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves a client cannot spoof its way past a per-IP limit with X-Forwarded-For, and that the header counts when the
 * peer is a trusted proxy. Each client address gets one request per minute.
 */
class TrustedProxyTest {

    private final HttpClient client = client();
    private final ManualClock clock = new ManualClock();
    private DemoUpstream upstream;
    private LimitingProxy proxy;

    private void start(List<String> trusted) throws Exception {
        upstream = demo();
        proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.IP, tokenBucket("1/m", 1),
                trusted, false, ProxyConfig.Timeouts.DEFAULT, null), clock::now);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
            upstream.close();
        }
    }

    private int status(String xff) throws Exception {
        return xff == null ? get(client, url(proxy.listenAddress())).statusCode()
                : get(client, url(proxy.listenAddress()), "X-Forwarded-For", xff).statusCode();
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerDoesNotChangeTheKey() throws Exception {
        start(List.of("10.0.0.0/8"));
        assertEquals(200, status("198.51.100.1"));
        assertEquals(429, status("198.51.100.2"), "still the peer 127.0.0.1's key");
        assertEquals(429, status(null));
    }

    @Test
    void aTrustedPeersForwardedForIsTheKeyWalkingPastTrustedHops() throws Exception {
        start(List.of("127.0.0.0/8"));
        assertEquals(200, status("198.51.100.1"));
        assertEquals(200, status("198.51.100.2"), "another client behind the trusted proxy");
        assertEquals(429, status("198.51.100.1"));
        assertEquals(429, status("198.51.100.2, 127.0.0.9"), "trusted hops are skipped from the right");
        assertEquals(200, status("198.51.100.1, 192.0.2.7"), "the rightmost untrusted hop is the client");
        assertEquals(200, status(null), "without the header the peer itself is the key");
        assertEquals(429, status("not-an-address"), "garbage stops the walk at the trusted peer");
    }

    @Test
    void cidrBlocksMatchByPrefix() throws Exception {
        TrustedProxies t = TrustedProxies.parse(List.of("10.1.0.0/16", "192.0.2.5", "2001:db8::/32"));
        assertTrue(t.contains(InetAddress.getByName("10.1.255.3")));
        assertFalse(t.contains(InetAddress.getByName("10.2.0.1")));
        assertTrue(t.contains(InetAddress.getByName("192.0.2.5")));
        assertFalse(t.contains(InetAddress.getByName("192.0.2.6")));
        assertTrue(t.contains(InetAddress.getByName("2001:db8:1::1")));
        assertFalse(t.contains(InetAddress.getByName("2001:db9::1")));
        assertEquals(List.of("10.1.0.0/16", "192.0.2.5/32", "2001:db8:0:0:0:0:0:0/32"), t.asText());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.parse(List.of("10.0.0.0/33")));
        assertTrue(e.getMessage().contains("10.0.0.0/33"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("proxy.example")));
        assertEquals(null, TrustedProxies.numericOrNull("999.1.1.1"), "never resolved as a name");
    }
}
