package io.ratelab.scenario;

import io.ratelab.limit.Algorithm;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Valid scenario files in YAML and JSON, defaults, and a write/read round trip. */
class ScenarioReadTest {

    static final String GREEDY = """
            name: greedy-client
            duration: 60s
            seed: 42
            key: ip
            limiters:
              - name: token bucket
                algorithm: token-bucket
                rate: 10/s
                burst: 20
              - name: per key
                algorithm: token-bucket
                rate: 600/m
                burst: 5
                key: header:X-Api-Key
            traffic:
              - name: polite
                clients: 100
                arrival: { process: poisson, rate: 5/s }
              - name: greedy
                clients: 1
                route: POST /api/orders
                arrival: { process: constant, rate: 200/s }
                retry: { policy: backoff, base: 50ms, max: 2s, maxAttempts: 4 }
            upstream:
              concurrency: 32
              serviceTime: { distribution: lognormal, median: 20ms, p99: 200ms }
              errorRate: 0.0
            """;

    @Test
    void readsTheIssueExampleInYaml(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("greedy.yaml");
        Files.writeString(file, GREEDY);
        Scenario s = Scenario.read(file);
        assertEquals("greedy-client", s.name());
        assertEquals(Duration.ofSeconds(60), s.duration());
        assertEquals(42L, s.seed());
        assertEquals(KeyRule.IP, s.key());
        assertEquals(2, s.limiters().size());
        assertEquals(Algorithm.TOKEN_BUCKET, s.limiters().get(0).spec().algorithm());
        assertNull(s.limiters().get(0).key());
        assertEquals(KeyRule.header("x-api-key"), s.limiters().get(1).keyOr(s.key()));
        assertEquals(ArrivalSpec.Process.POISSON, s.traffic().get(0).arrival().process());
        assertEquals(32, s.upstream().concurrency());
        TrafficPlan plan = s.trafficPlan(dir);
        assertEquals(101, plan.totalClients());
        assertEquals("POST /api/orders", plan.groups().get(1).route());
        assertEquals("backoff", plan.groups().get(1).retry().id());
        assertEquals(4, plan.groups().get(1).retry().maxAttempts());
    }

    @Test
    void jsonAndYamlReadToTheSameScenarioAndWritingRoundTrips(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, GREEDY);
        Scenario fromYaml = Scenario.read(yaml);
        Path json = dir.resolve("s.json");
        Files.writeString(json, fromYaml.write(FileFormats.json()));
        assertEquals(fromYaml, Scenario.read(json));
        Path yaml2 = dir.resolve("s2.yml");
        Files.writeString(yaml2, fromYaml.write(FileFormats.yaml()));
        assertEquals(fromYaml, Scenario.read(yaml2));
    }

    @Test
    void defaultsAndAScheduleFileRelativeToTheScenario(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("day.csv"), "seconds,rate\n0,1\n5,20\n");
        Path file = dir.resolve("min.yaml");
        Files.writeString(file, """
                duration: 10s
                limiters: [{algorithm: token-bucket, rate: 5/s, burst: 1}]
                traffic: [{name: day, arrival: {process: schedule, file: day.csv, spacing: even}}]
                """);
        Scenario s = Scenario.read(file);
        assertEquals("scenario", s.name());
        assertEquals(1L, s.seed());
        assertEquals(KeyRule.GLOBAL, s.key());
        assertNull(s.upstream());
        assertEquals("token-bucket", s.limiters().get(0).name());
        io.ratelab.traffic.ArrivalStream stream = s.trafficPlan(dir).stream();
        int sent = 0;
        while (stream.advance()) {
            sent++;
        }
        assertEquals(5 * 1 + 5 * 20, sent, 1, "1/s for 5 s, then 20/s for 5 s, evenly");
    }

    @Test
    void keyRulesParseAndPrint() {
        assertEquals("header:X-Api-Key", KeyRule.parse("header: X-Api-Key").toString(), "printed as written");
        assertEquals(KeyRule.header("x-api-key"), KeyRule.parse("HEADER:X-API-KEY"), "names compare ignoring case");
        assertEquals(KeyRule.header("x-api-key").hashCode(), KeyRule.parse("header:X-Api-Key").hashCode());
        assertEquals(KeyRule.ROUTE, KeyRule.parse("route"));
        assertEquals(KeyRule.GLOBAL, KeyRule.parse(" Global "));
        KeyRule composed = KeyRule.parse(" IP + header:X-Api-Key+route ");
        assertEquals("ip+header:X-Api-Key+route", composed.toString());
        assertTrue(composed.isComposed() && composed.usesClientAddress() && composed.has(KeyRule.Kind.ROUTE));
        assertEquals("X-Api-Key", composed.firstHeader());
        assertThrows(IllegalStateException.class, composed::kind, "a composed rule has no single kind");
        assertEquals(KeyRule.Kind.HEADER, KeyRule.parse("header:A").kind());
    }

    @Test
    void badKeyRulesNameThePartAndWhatIsAllowed() {
        String bad = assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("ip+cookie")).getMessage();
        assertTrue(bad.contains("'cookie' in 'ip+cookie' is not a key part") && bad.contains("header:NAME"), bad);
        String combined = assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("global+ip")).getMessage();
        assertTrue(combined.contains("'global' cannot be combined"), combined);
        String noName = assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("header:")).getMessage();
        assertTrue(noName.contains("needs a header name"), noName);
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("header:bad name"));
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("ip+"));
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse(" "));
    }

    @Test
    void composedKeysReadFromScenarioFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("composed.yaml");
        Files.writeString(file, """
                duration: 10s
                key: ip+header:X-Api-Key
                limiters:
                  - { algorithm: token-bucket, rate: 5/s, burst: 5, key: route+ip }
                traffic: [{name: c, clients: 4, arrival: {process: constant, rate: 5/s}}]
                """);
        Scenario s = Scenario.read(file);
        assertEquals(KeyRule.parse("ip+header:x-api-key"), s.key());
        assertEquals("route+ip", s.limiters().get(0).keyOr(s.key()).toString());
    }
}
