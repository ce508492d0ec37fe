package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the sidecar config file: every key, the defaults, round trips, and errors that name the field. */
class ProxyConfigTest {

    @Test
    void aFullYamlFileReadsIntoEveryField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("proxy.yaml");
        Files.writeString(f, """
                listen: 127.0.0.1:8081
                upstream: http://127.0.0.1:9000/api
                admin: 127.0.0.1:9902
                key: ip+header:X-Api-Key
                trustedProxies: [10.0.0.0/8, 127.0.0.1]
                limiter: {name: api, algorithm: token-bucket, rate: 100/s, burst: 50}
                rejectStatus: 503
                legacyHeaders: true
                record: trace.jsonl
                timeouts: {connect: 500ms, request: 5s}
                ioThreads: 3
                connectionsPerThread: 64
                maxQueue: 10
                maxKeys: 1000
                """);
        ProxyConfig c = ProxyConfig.read(f);
        assertEquals(HostPort.parse("127.0.0.1:8081"), c.listen());
        assertEquals("http://127.0.0.1:9000/api", c.upstream().toString());
        assertEquals(9902, c.admin().port());
        assertEquals("ip+header:X-Api-Key", c.key().toString());
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1"), c.trustedProxies());
        assertEquals("api", c.limiter().name());
        assertEquals(Algorithm.TOKEN_BUCKET, c.limiter().algorithm());
        assertEquals(Rate.parse("100/s"), c.limiter().rate());
        assertEquals(503, c.rejectStatus());
        assertTrue(c.legacyHeaders());
        assertEquals("trace.jsonl", c.record());
        assertEquals(Duration.ofMillis(500), c.timeouts().connect());
        assertEquals(Duration.ofSeconds(5), c.timeouts().request());
        assertEquals(3, c.ioThreads());
        assertEquals(64, c.connectionsPerThread());
        assertEquals(10, c.maxQueue());
        assertEquals(1000, c.maxKeys());
        ProxyConfig again = FileFormats.json().readValue(FileFormats.json().writeValueAsString(c), ProxyConfig.class);
        assertEquals(c, again, "JSON round trip");
        assertEquals(c, c.toBuilder().build(), "the builder holds every value");
        assertEquals(c.withAdmin(HostPort.parse("127.0.0.1:9903"), null).admin().port(), 9903);
    }

    @Test
    void theBuilderAndTheFileShareTheirDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("proxy.json");
        Files.writeString(f, "{\"upstream\": \"http://127.0.0.1:9000\", \"limiter\": {\"algorithm\": \"gcra\","
                + " \"rate\": \"10/s\"}}");
        ProxyConfig read = ProxyConfig.read(f);
        ProxyConfig built = ProxyConfig.builder().upstream(java.net.URI.create("http://127.0.0.1:9000"))
                .limiter(read.limiter()).build();
        assertEquals(read, built, "one set of defaults");
        ProxyConfig changed = built.toBuilder().ioThreads(3).maxQueue(7).store(null).build();
        assertEquals(3, changed.ioThreads());
        assertEquals(7, changed.maxQueue());
        assertEquals("local", changed.store(), "null takes the default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyConfig.builder().limiter(read.limiter()).build());
        assertTrue(e.getMessage().startsWith("upstream: is required"), e.getMessage());
    }

    @Test
    void absentValuesTakeTheirDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("proxy.json");
        Files.writeString(f, "{\"upstream\": \"http://127.0.0.1:9000\", \"limiter\": {\"algorithm\": \"gcra\","
                + " \"rate\": \"10/s\"}}");
        ProxyConfig c = ProxyConfig.read(f);
        assertEquals("127.0.0.1:8080", c.listen().toString());
        assertEquals("127.0.0.1:9901", c.admin().toString());
        assertEquals(KeyRule.IP, c.key());
        assertEquals(List.of(), c.trustedProxies());
        assertEquals(429, c.rejectStatus());
        assertEquals(false, c.legacyHeaders());
        assertNull(c.record());
        assertEquals(Duration.ofSeconds(2), c.timeouts().connect());
        assertEquals(Duration.ofSeconds(30), c.timeouts().request());
        assertEquals(256, c.connectionsPerThread());
    }

    @Test
    void errorsNameTheFileAndTheField(@TempDir Path dir) throws Exception {
        assertMessage(dir, "upstream: http://x:1\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\nlisten: nope\n",
                "listen");
        assertMessage(dir, "upstream: https://x:1\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\n",
                "https");
        assertMessage(dir, "limiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\n", "upstream: is required");
        assertMessage(dir, "upstream: http://x:1\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\nburst: 3\n",
                "burst");
        assertMessage(dir, "upstream: http://x:1\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\n"
                + "trustedProxies: [10.0.0.0/40]\n", "10.0.0.0/40");
        assertMessage(dir, "upstream: http://x:1\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\n"
                + "timeouts: {connect: soon}\n", "timeouts.connect");
    }

    @Test
    void clientTimeoutsAndLimitsReadFromTheFileWithTheirDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("clients.yaml");
        Files.writeString(f, """
                upstream: http://127.0.0.1:9000
                limiter: {algorithm: gcra, rate: 10/s}
                timeouts: {requestHead: 10s, bodyIdle: 20s, adminBody: 3s}
                clients: {maxConnections: 500, maxConnectionsPerAddress: 0, maxHeaderBytes: 8192,
                          headerBytesInFlight: 1048576}
                """);
        ProxyConfig c = ProxyConfig.read(f);
        assertEquals(Duration.ofSeconds(10), c.timeouts().requestHead());
        assertEquals(Duration.ofSeconds(20), c.timeouts().bodyIdle());
        assertEquals(Duration.ofSeconds(3), c.timeouts().adminBody());
        assertEquals(Duration.ofSeconds(30), c.timeouts().request(), "unset: the default");
        assertEquals(new ProxyConfig.ClientLimits(500, 0, 8192, 1_048_576L), c.clients());
        assertEquals(c, FileFormats.json().readValue(FileFormats.json().writeValueAsString(c), ProxyConfig.class));
        ProxyConfig.ClientLimits d = ProxyConfig.ClientLimits.DEFAULT;
        assertEquals(List.of(10_000, 1000, 65_536, 16L << 20), List.of(d.maxConnections(),
                d.maxConnectionsPerAddress(), d.maxHeaderBytes(), d.headerBytesInFlight()));
        assertEquals(Duration.ofSeconds(60), ProxyConfig.Timeouts.DEFAULT.requestHead());
        assertEquals(Duration.ofSeconds(60), ProxyConfig.Timeouts.DEFAULT.bodyIdle());
        assertEquals(Duration.ofSeconds(10), ProxyConfig.Timeouts.DEFAULT.adminBody());
        String limiter = "upstream: http://x:1\nlimiter: {algorithm: token-bucket, rate: 1/s, burst: 1}\n";
        assertMessage(dir, limiter + "clients: {maxConnections: 0}\n", "clients.maxConnections");
        assertMessage(dir, limiter + "clients: {maxHeaderBytes: 4096, headerBytesInFlight: 100}\n",
                "clients.headerBytesInFlight");
        assertMessage(dir, limiter + "timeouts: {requestHead: 0s}\n", "timeouts.requestHead");
        assertMessage(dir, limiter + "timeouts: {adminBody: 0s}\n", "timeouts.adminBody: must be positive");
    }

    @Test
    void keyRulesParseAndPrint() {
        assertEquals("ip+header:X-Api-Key+route", KeyRule.parse(" IP + header:X-Api-Key+route ").toString());
        assertTrue(KeyRule.parse("global").isGlobal());
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("global+ip"));
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("header:"));
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("header:bad name"));
        assertThrows(IllegalArgumentException.class, () -> KeyRule.parse("ip+"));
    }

    private static void assertMessage(Path dir, String yaml, String mentions) throws Exception {
        Path f = Files.createTempFile(dir, "bad", ".yaml");
        Files.writeString(f, yaml);
        IOException e = assertThrows(IOException.class, () -> ProxyConfig.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(mentions), "'" + e.getMessage() + "' should mention " + mentions);
    }
}
