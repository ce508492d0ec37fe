package io.ratelab.cli;

import io.ratelab.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ratelab export}: flags, inputs (scenario or sidecar config), the simulated note, errors. */
class ExportCommandTest {

    private static final String SCENARIO = "name: two\nduration: 20s\nseed: 3\nkey: ip\nlimiters:\n"
            + "  - {name: tb, algorithm: token-bucket, rate: 5/s, burst: 10}\n"
            + "  - {name: nx, algorithm: nginx-limit-req, rate: 5/s, burst: 9, nodelay: true}\n"
            + "traffic:\n  - {name: users, clients: 20, arrival: {process: poisson, rate: 8/s}}\n";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = RateLabCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void approximateExportStatesTheSimulatedDifference(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        assertEquals(0, run("export", "--format", "nginx", file.toString(), "--limiter", "tb", "--listen",
                "127.0.0.1:18080", "--upstream", "http://127.0.0.1:19000"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("limit_req zone=ratelab burst=9 nodelay;"), text);
        assertTrue(text.contains("listen 127.0.0.1:18080;") && text.contains("server 127.0.0.1:19000;"), text);
        Matcher m = Pattern.compile("requested\\s+limiter admits (\\d+) of (\\d+) sends, the nginx equivalent (\\d+)"
                + " of (\\d+) \\(([-+]\\d+\\.\\d\\d)%\\)").matcher(text.replace("\n#  ", ""));
        assertTrue(m.find(), text);
        assertTrue(Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(1)) < Long.parseLong(m.group(2)), text);
    }

    @Test
    void shadowFromTheFlagOrFromTheSidecarConfig(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        assertEquals(0, run("export", "--format", "nginx", "--shadow", file.toString(), "--limiter", "tb"),
                err.toString());
        assertTrue(out.toString().contains("limit_req_dry_run on;"), out.toString());
        out.getBuffer().setLength(0);
        Path sidecar = Files.writeString(dir.resolve("ratelab.yaml"), "upstream: http://127.0.0.1:9000\nlimiter:"
                + " {algorithm: token-bucket, rate: 5/s, burst: 10}\nshadow: true\n");
        assertEquals(0, run("export", "--format", "haproxy", sidecar.toString()), err.toString());
        assertTrue(out.toString().contains("str(would-reject)") && !out.toString().contains("http-request deny"),
                "a sidecar in shadow mode exports in shadow mode: " + out);
    }

    @Test
    void exactExportSaysSoAndWritesTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        Path outFile = dir.resolve("nginx.conf");
        assertEquals(0, run("export", "--format", "nginx", file.toString(), "--limiter", "nx", "--snippet", "-o",
                outFile.toString()), err.toString());
        String text = Files.readString(outFile);
        assertTrue(text.contains("# exact:"), text);
        assertTrue(!text.contains("events {"), "a snippet, not a whole config");
    }

    @Test
    void manyLimitersNeedAName(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        assertEquals(2, run("export", "--format", "haproxy", file.toString()));
        assertTrue(err.toString().contains("choose one with --limiter NAME: 'tb', 'nx'"), err.toString());
        assertEquals(2, run("export", "--format", "haproxy", file.toString(), "--limiter", "nope"));
        assertTrue(err.toString().contains("no limiter named 'nope'"), err.toString());
    }

    @Test
    void unknownFormatIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        assertEquals(2, run("export", "--format", "caddy", file.toString(), "--limiter", "tb"));
        assertTrue(err.toString().contains("unknown export format 'caddy'; one of: nginx, haproxy, envoy, k8s,"
                + " ratelab"), err.toString());
    }

    @Test
    void sidecarConfigRoundTripsThroughRatelabExport(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("in.yaml"), "listen: 127.0.0.1:18081\nupstream:"
                + " http://127.0.0.1:19001\nkey: header:X-Api-Key\nlimiter: {algorithm: gcra, rate: 3/s, burst: 2}\n");
        Path outFile = dir.resolve("out.yaml");
        assertEquals(0, run("export", "--format", "ratelab", config.toString(), "-o", outFile.toString()),
                err.toString());
        ProxyConfig in = ProxyConfig.read(config);
        ProxyConfig back = ProxyConfig.read(outFile);
        assertEquals(in.limiter(), back.limiter());
        assertEquals(in.listen(), back.listen());
        assertEquals(in.upstream(), back.upstream());
        assertEquals(in.key().toString().toLowerCase(), back.key().toString().toLowerCase());
    }
}
