package io.ratelab.sim;

import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Composed key rules in the simulator: keys joined as the proxy joins them, sharing of the finest part. */
class ComposedKeyTest {

    private static final String YAML = """
            duration: 20s
            limiters:
              - {name: ip, algorithm: token-bucket, rate: 2/s, burst: 2, key: ip}
              - {name: ip-route, algorithm: token-bucket, rate: 2/s, burst: 2, key: ip+route}
              - {name: header, algorithm: token-bucket, rate: 2/s, burst: 2, key: header:X-Api-Key}
              - {name: route-header, algorithm: token-bucket, rate: 2/s, burst: 2, key: route+header:X-Api-Key}
              - {name: route, algorithm: token-bucket, rate: 2/s, burst: 2, key: route}
            traffic:
              - {name: nat, clients: 6, addresses: 2, route: GET /a, arrival: {process: constant, rate: 1/s}}
              - {name: solo, clients: 3, route: GET /b, arrival: {process: constant, rate: 1/s}}
            """;

    @Test
    void keysJoinTheirPartsWithABarAsTheProxyDoes() {
        TrafficPlan plan = SimulatorTest.scenario(YAML).trafficPlan(Path.of("."));
        KeyTable t = new KeyTable(KeyRule.parse("ip+header:X-Api-Key+route"), plan);
        assertEquals(plan.addressOf(0, 4) + "|" + plan.clientIdOf(0, 4) + "|GET /a", t.key(0, 4));
        assertEquals(1, t.sharing(0, 4), "a client id is unique");
        assertEquals(9, t.distinctKeys());
        KeyTable ipRoute = new KeyTable(KeyRule.parse("route+ip"), plan);
        assertEquals("GET /a|" + plan.addressOf(0, 1), ipRoute.key(0, 1));
        assertEquals(3, ipRoute.sharing(0, 1), "6 clients behind 2 addresses");
        assertEquals(2 + 3, ipRoute.distinctKeys());
        assertEquals(6, new KeyTable(KeyRule.ROUTE, plan).sharing(0, 0));
    }

    @Test
    void aComposedRuleLimitsLikeItsFinestPart() {
        Scenario s = SimulatorTest.scenario(YAML);
        SimulationResult r = Simulator.run(s, Path.of("."), null);
        LimiterResult ip = r.limiters().get(0);
        LimiterResult ipRoute = r.limiters().get(1);
        LimiterResult header = r.limiters().get(2);
        LimiterResult routeHeader = r.limiters().get(3);
        LimiterResult route = r.limiters().get(4);
        assertEquals("ip+route", ipRoute.key());
        assertEquals(ip.admitted(), ipRoute.admitted(), "addresses belong to one group, so one route");
        assertEquals(header.admitted(), routeHeader.admitted(), "client ids are unique");
        assertEquals(header.offered(), header.admitted(), "1/s per client is within 2/s");
        assertTrue(ip.rejected() > 0, "3 clients at 1/s share each NAT address limited to 2/s");
        assertTrue(route.rejected() > ip.rejected(), "6 clients at 1/s share GET /a");
    }
}
