package io.ratelab.load;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How live clients show themselves for each key rule, composed ones included. */
class ClientKeysTest {

    private static final TrafficPlan PLAN = Scenario.parse("""
            duration: 10s
            limiters: [{algorithm: token-bucket, rate: 5/s, burst: 5}]
            traffic: [{name: c, clients: 4, addresses: 2, arrival: {process: constant, rate: 4/s}}]
            """, "t.yaml", FileFormats.yaml(), Path.of(".")).trafficPlan(Path.of("."));

    @Test
    void eachRuleGivesTheIdentityItsPartsRead() {
        ClientIdentity ip = ClientKeys.forRule(KeyRule.IP).table(PLAN).of(0, 3);
        assertEquals("127.0.0.3", ip.key(), "plan address 10.0.0.2 (client 3 of 4 behind 2) becomes 127.0.0.3");
        assertNull(ip.headerName());
        ClientIdentity header = ClientKeys.forRule(KeyRule.parse("route+header:X-Api-Key")).table(PLAN).of(0, 3);
        assertEquals("c-3", header.key());
        assertEquals("X-Api-Key", header.headerName());
        assertNull(header.sourceAddress());
        ClientIdentity both = ClientKeys.forRule(KeyRule.parse("ip+header:X-Api-Key")).table(PLAN).of(0, 3);
        assertEquals("c-3", both.key());
        assertEquals("X-Api-Key", both.headerName());
        assertEquals(ip.sourceAddress(), both.sourceAddress());
        assertEquals("anonymous", ClientKeys.forRule(KeyRule.ROUTE).table(PLAN).of(0, 3).key());
        assertEquals("own source address and key header X-Api-Key",
                ClientKeys.forRule(KeyRule.parse("ip+header:X-Api-Key")).toString());
    }
}
