package io.ratelab.cli;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the proxy command's flags (the contract in the issue) and that they override the config file. */
class ProxyCommandTest {

    private static ProxyCommand parse(String... args) {
        ProxyCommand cmd = new ProxyCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void theIssuesFlagsBuildTheConfig() throws Exception {
        ProxyConfig c = parse("--listen", "127.0.0.1:8080", "--upstream", "http://127.0.0.1:9000", "--algorithm",
                "token-bucket", "--rate", "100/s", "--burst", "50", "--key", "ip", "--admin", "127.0.0.1:9901",
                "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "192.168.0.0/16", "--record", "t.jsonl")
                .resolve();
        assertEquals("127.0.0.1:8080", c.listen().toString());
        assertEquals("http://127.0.0.1:9000", c.upstream().toString());
        assertEquals(Algorithm.TOKEN_BUCKET, c.limiter().algorithm());
        assertEquals(Rate.parse("100/s"), c.limiter().rate());
        assertEquals(50L, c.limiter().burst());
        assertEquals("ip", c.key().toString());
        assertEquals(List.of("10.0.0.0/8", "192.168.0.0/16"), c.trustedProxies());
        assertEquals("t.jsonl", c.record());
    }

    @Test
    void withoutFlagsTheDefaultsMakeAWorkingSidecar() throws Exception {
        ProxyConfig c = parse().resolve();
        assertEquals("http://127.0.0.1:9000", c.upstream().toString());
        assertEquals(Algorithm.TOKEN_BUCKET, c.limiter().algorithm());
        assertEquals(Rate.parse("100/s"), c.limiter().rate());
        assertEquals(50L, c.limiter().burst());
        assertNull(c.record());
    }

    @Test
    void flagsOverrideTheFileFieldByField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "upstream: http://127.0.0.1:9000\nkey: global\nlimiter: {name: api, algorithm:"
                + " token-bucket, rate: 10/s, burst: 5}\ntimeouts: {connect: 1s, request: 9s}\n");
        ProxyConfig c = parse("--config", f.toString(), "--burst", "7", "--key", "header:X-Api-Key",
                "--request-timeout", "3s").resolve();
        assertEquals("api", c.limiter().name(), "from the file");
        assertEquals(Rate.parse("10/s"), c.limiter().rate(), "from the file");
        assertEquals(7L, c.limiter().burst(), "from the flag");
        assertEquals("header:X-Api-Key", c.key().toString());
        assertEquals(Duration.ofSeconds(1), c.timeouts().connect());
        assertEquals(Duration.ofSeconds(3), c.timeouts().request());

        ProxyConfig other = parse("--config", f.toString(), "--algorithm", "gcra", "--rate", "5/s").resolve();
        assertEquals(Algorithm.GCRA, other.limiter().algorithm());
        assertNull(other.limiter().burst(), "another algorithm does not inherit the file's parameters");
    }

    @Test
    void shadowModeComesFromTheFileOrTheFlags(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "upstream: http://127.0.0.1:9000\nlimiter: {algorithm: gcra, rate: 10/s, burst: 5}\n"
                + "shadow: true\nshadowHeader: X-Would\n");
        ProxyConfig fromFile = parse("--config", f.toString()).resolve();
        assertTrue(fromFile.shadow());
        assertEquals("X-Would", fromFile.shadowHeader());
        assertTrue(fromFile.settings().shadow(), "shadow mode is a limiter setting: PUT /config and --watch switch it");

        ProxyConfig enforcing = parse().resolve();
        assertEquals(false, enforcing.shadow(), "enforcing by default");
        assertNull(enforcing.shadowHeader(), "no shadow field by default");
        ProxyConfig flag = parse("--shadow", "--shadow-header").resolve();
        assertTrue(flag.shadow());
        assertEquals("X-RateLimit-Shadow", flag.shadowHeader(), "the field's default name");
        assertEquals("X-Mine", parse("--shadow", "--shadow-header=X-Mine").resolve().shadowHeader());
    }

    @Test
    void badInputIsReportedWithExitCode2() {
        LoadCommandTest.Run noBurst = LoadCommandTest.run("proxy", "--algorithm", "token-bucket", "--rate", "10/s");
        assertEquals(2, noBurst.exit());
        assertTrue(noBurst.err().contains("burst: is required for token-bucket"), noBurst.err());
        LoadCommandTest.Run watch = LoadCommandTest.run("proxy", "--watch");
        assertEquals(2, watch.exit());
        assertTrue(watch.err().contains("--watch needs --config"), watch.err());
        LoadCommandTest.Run header = LoadCommandTest.run("proxy", "--shadow", "--shadow-header=Not A Name");
        assertEquals(2, header.exit());
        assertTrue(header.err().contains("shadowHeader: 'Not A Name' is not a header name"), header.err());
    }

    @Test
    void clientTimeoutAndLimitFlagsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "upstream: http://127.0.0.1:9000\nlimiter: {algorithm: gcra, rate: 1/s}\n"
                + "timeouts: {requestHead: 5s}\nclients: {maxConnections: 50, maxHeaderBytes: 4096}\n");
        ProxyConfig c = parse("--config", f.toString(), "--body-idle-timeout", "7s", "--max-connections-per-address",
                "3", "--header-bytes-in-flight", "65536").resolve();
        assertEquals(Duration.ofSeconds(5), c.timeouts().requestHead(), "from the file");
        assertEquals(Duration.ofSeconds(7), c.timeouts().bodyIdle(), "from the flag");
        assertEquals(new ProxyConfig.ClientLimits(50, 3, 4096, 65_536L), c.clients());
        ProxyConfig flags = parse("--request-head-timeout", "2s", "--max-connections", "9", "--max-header-bytes",
                "2048").resolve();
        assertEquals(Duration.ofSeconds(2), flags.timeouts().requestHead());
        assertEquals(new ProxyConfig.ClientLimits(9, 1000, 2048, 16L << 20), flags.clients());
        assertEquals(Duration.ofSeconds(10), flags.timeouts().adminBody(), "the default");
        assertEquals(Duration.ofMillis(1500), parse("--admin-body-timeout", "1500ms").resolve().timeouts().adminBody());
        LoadCommandTest.Run zero = LoadCommandTest.run("proxy", "--upstream", "http://127.0.0.1:9",
                "--admin-body-timeout", "0s");
        assertEquals(2, zero.exit());
        assertEquals("ratelab proxy: timeouts.adminBody: must be positive, got PT0S", zero.err().strip());
    }
}
