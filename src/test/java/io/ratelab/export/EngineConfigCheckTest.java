package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.testing.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every exported nginx config passes {@code nginx -t} and every HAProxy config {@code haproxy -c}: every algorithm
 * (per IP), every key rule (token bucket), and an upstream with a path prefix, each enforcing and in shadow mode, as
 * a complete config and (nginx) as a snippet pasted into a minimal one (each engine start costs ~0.3 s here, so not
 * the full product). Skips, naming the binary, when it is not on PATH; fails instead under CI ({@code CI=true}).
 */
class EngineConfigCheckTest {

    @Test
    void everyNginxExportPassesNginxT(@TempDir Path dir) throws Exception {
        Path nginx = Needs.executable("nginx", "nginx", "nginx -t on the nginx exports");
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (ExportRequest r : requests(true)) {
            Path d = Files.createDirectories(dir.resolve("n" + i++));
            Path conf = d.resolve("nginx.conf");
            Files.writeString(conf, Exporter.forFormat(ExportFormat.NGINX).export(r).text());
            check(List.of(nginx.toString(), "-t", "-p", d.toString(), "-c", conf.toString(), "-e",
                    d.resolve("error.log").toString()), d, r, failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyHaproxyExportPassesHaproxyC(@TempDir Path dir) throws Exception {
        Path haproxy = Needs.executable("haproxy", "haproxy", "haproxy -c on the HAProxy exports");
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (ExportRequest r : requests(false)) {
            Path conf = dir.resolve("haproxy" + i++ + ".cfg");
            Files.writeString(conf, Exporter.forFormat(ExportFormat.HAPROXY).export(r).text());
            check(List.of(haproxy.toString(), "-c", "-f", conf.toString()), dir, r, failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void shadowNginxSnippetsPassNginxTInsideAMinimalConfig(@TempDir Path dir) throws Exception {
        Path nginx = Needs.executable("nginx", "nginx", "nginx -t on the nginx export snippets");
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (KeyRule key : Samples.KEYS) {
            ExportRequest r = ExportRequest.of(Samples.limiters().get(0), key).withShadow(true).withSnippet(true);
            String snippet = Exporter.forFormat(ExportFormat.NGINX).export(r).text();
            String[] parts = snippet.split("# --- [^\\n]*---\\n");
            Path d = Files.createDirectories(dir.resolve("s" + i++));
            Path conf = d.resolve("nginx.conf");
            Files.writeString(conf, "pid nginx.pid;\nevents {}\nhttp {\n" + parts[1] + "server {\nlisten 127.0.0.1:1;\n"
                    + parts[2] + "location / {\n" + parts[3].replace("/var/log/nginx/", "") + "return 200;\n}\n}\n}\n");
            check(List.of(nginx.toString(), "-t", "-p", d.toString(), "-c", conf.toString(), "-e",
                    d.resolve("error.log").toString()), d, r, failures);
        }
        assertEquals(List.of(), failures);
    }

    private static List<ExportRequest> requests(boolean withConcurrency) {
        List<ExportRequest> out = new ArrayList<>();
        for (LimiterSpec spec : Samples.limiters()) {
            if (spec.algorithm() != Algorithm.CONCURRENCY || withConcurrency) {
                out.add(ExportRequest.of(spec, KeyRule.IP));
            }
        }
        LimiterSpec first = Samples.limiters().get(0);
        for (KeyRule key : Samples.KEYS) {
            if (key.kind() != KeyRule.Kind.IP) {
                out.add(ExportRequest.of(first, key));
            }
        }
        out.add(ExportRequest.of(first, KeyRule.ROUTE).withUpstream(URI.create("http://localhost:3000/api/")));
        List<ExportRequest> both = new ArrayList<>(out);
        for (ExportRequest r : out) {
            both.add(r.withShadow(true));
        }
        return both;
    }

    private static void check(List<String> command, Path dir, ExportRequest r, List<String> failures)
            throws IOException, InterruptedException {
        Path log = dir.resolve("check.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            failures.add(r.limiter().algorithm() + " keyed by " + r.key() + (r.shadow() ? " (shadow)" : "") + ": "
                    + Files.readString(log));
        }
    }
}
