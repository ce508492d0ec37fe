package io.ratelab.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of bad input fails with a message naming the file, the line, the field path and what is allowed.
 * Every case starts from a valid file and breaks one thing on a known line.
 */
class ScenarioValidationTest {

    @TempDir
    Path dir;

    private static final String BASE = """
            name: t
            duration: 60s
            key: ip
            limiters:
              - name: a
                algorithm: token-bucket
                rate: 10/s
                burst: 20
              - name: b
                algorithm: token-bucket
                rate: 10/s
                burst: 5
            traffic:
              - name: polite
                clients: 10
                arrival: { process: poisson, rate: 5/s }
            upstream:
              concurrency: 8
              serviceTime: { distribution: lognormal, median: 20ms, p99: 200ms }
            """;

    @Test
    void theBaseIsValid() throws IOException {
        assertEquals("t", read(BASE).name());
    }

    @Test
    void unknownTopLevelKey() {
        ScenarioException e = fail(BASE.replace("key: ip\n", "key: ip\nreplica: 3\n"));
        expect(e, 4, "replica", "unknown key 'replica'", "limiters");
    }

    @Test
    void replicasAndStoreAreReadAndWrittenBack() throws IOException {
        Scenario s = read(BASE.replace("key: ip\n", "key: ip\nreplicas: 3\nstore: redis\nredis: redis://127.0.0.1:6390\n"));
        assertEquals(3, s.replicaCount());
        assertTrue(s.sharedStore());
        assertEquals("redis://127.0.0.1:6390", s.redisUri());
        Scenario again = Scenario.parse(s.write(FileFormats.yaml()), "again", FileFormats.yaml(), dir);
        assertEquals(s, again);
        Scenario plain = read(BASE);
        assertEquals(1, plain.replicaCount());
        assertEquals(false, plain.sharedStore());
        assertEquals(Scenario.DEFAULT_REDIS, plain.redisUri());
        assertTrue(!plain.write(FileFormats.yaml()).contains("replicas"), "defaults are not written out");
    }

    @Test
    void zeroReplicas() {
        ScenarioException e = fail(BASE.replace("key: ip\n", "key: ip\nreplicas: 0\n"));
        expect(e, 0, "replicas", "must be 1 to 64", "got 0");
    }

    @Test
    void unknownStore() {
        ScenarioException e = fail(BASE.replace("key: ip\n", "key: ip\nstore: memcached\n"));
        expect(e, 0, "store", "got 'memcached'", "local");
    }

    @Test
    void unknownKeyInALimiter() {
        ScenarioException e = fail(BASE.replace("    burst: 5\n", "    burst: 5\n    bursts: 7\n"));
        expect(e, 13, "limiters[1].bursts", "unknown key 'bursts'", "burst");
    }

    @Test
    void negativeBurst() {
        ScenarioException e = fail(BASE.replace("burst: 5", "burst: -3"));
        expect(e, 12, "limiters[1].burst", "must be 0 or more", "-3");
    }

    @Test
    void unknownAlgorithm() {
        ScenarioException e = fail(BASE.replace("algorithm: token-bucket\n    rate: 10/s\n    burst: 5",
                "algorithm: token-bucker\n    rate: 10/s\n    burst: 5"));
        expect(e, 10, "limiters[1].algorithm", "unknown algorithm 'token-bucker'", "gcra");
    }

    @Test
    void parameterTheAlgorithmDoesNotTake() {
        ScenarioException e = fail(BASE.replace("    burst: 5\n", "    burst: 5\n    nodelay: true\n"));
        expect(e, 13, "limiters[1].nodelay", "does not apply to token-bucket", "burst");
    }

    @Test
    void wrongRateUnit() {
        ScenarioException e = fail(BASE.replace("rate: 5/s", "rate: 5/sec"));
        expect(e, 16, "traffic[0].arrival.rate", "'5/sec' is not a rate", "N/s");
    }

    @Test
    void zeroRate() {
        ScenarioException e = fail(BASE.replace("rate: 5/s", "rate: 0/s"));
        expect(e, 16, "traffic[0].arrival.rate", "positive", "10/s");
    }

    @Test
    void durationWithoutUnit() {
        ScenarioException e = fail(BASE.replace("duration: 60s", "duration: 60"));
        expect(e, 2, "duration", "'60' is not a duration", "ms, s, m, h");
    }

    @Test
    void negativeDurationInAnArrival() {
        ScenarioException e = fail(BASE.replace("{ process: poisson, rate: 5/s }",
                "{ process: bursts, rate: 5/s, on: 1s, off: 0s }"));
        expect(e, 16, "traffic[0].arrival.off", "must be positive", "0");
    }

    @Test
    void keyOfAnArrivalProcessThatDoesNotTakeIt() {
        ScenarioException e = fail(BASE.replace("{ process: poisson, rate: 5/s }",
                "{ process: poisson, rate: 5/s, period: 10s }"));
        expect(e, 16, "traffic[0].arrival.period", "does not apply to process poisson", "it takes rate");
    }

    @Test
    void unknownProcess() {
        ScenarioException e = fail(BASE.replace("process: poisson", "process: poison"));
        expect(e, 16, "traffic[0].arrival.process", "unknown process 'poison'", "constant, poisson, bursts");
    }

    @Test
    void badKeyRule() {
        ScenarioException e = fail(BASE.replace("key: ip", "key: cookie"));
        expect(e, 3, "key", "'cookie' is not a key rule", "header:NAME");
    }

    @Test
    void badRetryPolicy() {
        ScenarioException e = fail(BASE.replace("rate: 5/s }", "rate: 5/s }\n    retry: { policy: sometimes }"));
        expect(e, 17, "traffic[0].retry.policy", "unknown 'sometimes'", "retry-after");
    }

    @Test
    void lognormalWithoutP99() {
        ScenarioException e = fail(BASE.replace(", p99: 200ms", ""));
        expect(e, 19, "upstream.serviceTime.p99", "is required for distribution lognormal", "median");
    }

    @Test
    void negativeQueueLimit() {
        ScenarioException e = fail(BASE.replace("concurrency: 8", "concurrency: 8\n  queueLimit: -1"));
        expect(e, 19, "upstream.queueLimit", "0 to", "-1");
    }

    @Test
    void networkRoundTripIsReadWrittenBackAndBounded() throws IOException {
        Scenario s = read(BASE + "network: { rtt: 350us }\n");
        assertEquals(350_000, s.rttNanos());
        assertTrue(s.write(FileFormats.yaml()).contains("rtt: \"350us\"") || s.write(FileFormats.yaml())
                .contains("rtt: 350us"), s.write(FileFormats.yaml()));
        assertEquals(NetworkSpec.DEFAULT_RTT.toNanos(), read(BASE).rttNanos(), "absent: the loopback default");
        assertEquals(0, read(BASE + "network: { rtt: 0ms }\n").rttNanos(), "0: the instant model");
        expect(fail(BASE + "network: { rtt: 11s }\n"), 20, "network.rtt", "must be 0ms to 10s", "11s");
        expect(fail(BASE + "network: { rtt: fast }\n"), 20, "network.rtt", "not a duration", "ms");
        expect(fail(BASE + "network: { jitter: 1ms }\n"), 20, "network.jitter", "unknown key 'jitter'", "rtt");
    }

    @Test
    void errorRateOutOfRange() {
        ScenarioException e = fail(BASE.replace("concurrency: 8", "concurrency: 8\n  errorRate: 1.5"));
        expect(e, 19, "upstream.errorRate", "between 0.0 and 1.0", "1.5");
    }

    @Test
    void fractionalClients() {
        ScenarioException e = fail(BASE.replace("clients: 10", "clients: 2.5"));
        expect(e, 15, "traffic[0].clients", "2.5", "whole number");
    }

    @Test
    void duplicateLimiterNames() {
        ScenarioException e = fail(BASE.replace("name: b", "name: a"));
        expect(e, 0, "limiters", "'a' is used twice", "must differ");
    }

    @Test
    void missingScheduleFile() {
        ScenarioException e = fail(BASE.replace("{ process: poisson, rate: 5/s }",
                "{ process: schedule, file: nowhere.csv }"));
        expect(e, 0, "traffic[0].arrival.file", "nowhere.csv", "cannot read");
    }

    @Test
    void brokenYaml() {
        ScenarioException e = fail(BASE.replace("  - name: polite", "  - name: \"polite"));
        assertTrue(e.line() > 0 && e.getMessage().contains("not valid YAML/JSON"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("s.yaml").toString()), e.getMessage());
    }

    @Test
    void jsonFilesReportLinesToo() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\n  \"duration\": \"10s\",\n  \"seed\": 1,\n  \"limits\": []\n}\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> Scenario.read(file));
        assertEquals(4, e.line(), e.getMessage());
        assertEquals("limits", e.path());
        assertTrue(e.getMessage().contains("limiters"), e.getMessage());
    }

    private Scenario read(String text) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, text);
        return Scenario.read(file);
    }

    private ScenarioException fail(String text) {
        return assertThrows(ScenarioException.class, () -> read(text));
    }

    /** Line {@code line} (0: not asserted), exact path, and the message holding the problem and the allowed text. */
    private void expect(ScenarioException e, int line, String path, String problem, String allowed) {
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve("s.yaml").toString()), "names the file: " + m);
        if (line > 0) {
            assertEquals(line, e.line(), "line of: " + m);
            assertTrue(m.contains("line " + line), m);
        }
        assertEquals(path, e.path(), m);
        assertTrue(m.contains(path + ": "), "names the path: " + m);
        assertTrue(m.contains(problem), "says what is wrong (" + problem + "): " + m);
        assertTrue(m.contains(allowed), "says what is allowed (" + allowed + "): " + m);
    }
}
