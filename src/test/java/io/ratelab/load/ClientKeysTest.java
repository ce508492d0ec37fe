package io.ratelab.load;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void moreAddressesThanConnectionsGoThroughAFront() {
        // 2 distinct addresses: held as own source addresses with 2 connections, through a front with 1
        ClientKeys own = ClientKeys.forRule(KeyRule.IP, PLAN, 2);
        assertFalse(own.throughFront());
        assertEquals("127.0.0.3", own.table(PLAN).of(0, 3).sourceAddress().getHostAddress());
        ClientKeys front = ClientKeys.forRule(KeyRule.IP, PLAN, 1);
        assertTrue(front.throughFront());
        ClientIdentity id = front.table(PLAN).of(0, 3);
        assertEquals("127.0.0.3", id.key(), "the same address as its own source address would be");
        assertEquals("X-Forwarded-For", id.headerName());
        assertNull(id.sourceAddress(), "sent from the default source, the front's address");
        assertEquals(List.of(ClientIdentity.anonymous().get(0)), front.table(PLAN).distinctSources(),
                "one set of pools for all, not one per address");
        // a key header is sent as it is whatever the number of addresses; so is an anonymous client
        assertFalse(ClientKeys.forRule(KeyRule.parse("ip+header:X-Api-Key"), PLAN, 1).throughFront());
        assertFalse(ClientKeys.forRule(KeyRule.GLOBAL, PLAN, 1).throughFront());
        assertEquals("own address in X-Forwarded-For, through a front at 127.0.0.1/32", front.toString());
    }
}
