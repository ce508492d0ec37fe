package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.ExportResult;
import io.ratelab.export.Exporter;
import io.ratelab.export.ListenAddress;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ratelab export --format nginx|haproxy|envoy|k8s|ratelab FILE [--limiter NAME] [--listen HOST:PORT]
 * [--upstream URL] [--snippet] [--shadow] [--k8s-sidecar ratelab|envoy] [--k8s-deployment NAME] [-o OUT]}: writes
 * one limiter of a scenario (or the limiter of a sidecar config) as a config for the target, enforcing or in shadow
 * mode. An approximate mapping is quantified by simulating both on the scenario's traffic and said in the comment at
 * the top. Bad input prints what and where and exits 2.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a limiter as an nginx, HAProxy, Envoy, Kubernetes or RateLab sidecar config.",
                "FILE is a scenario (limiters:) or a sidecar config (limiter:). When the target cannot express the"
                        + " algorithm exactly, the closest native equivalent is written and the difference,"
                        + " simulated on the scenario's traffic, is stated in a comment at the top."})
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "nginx, haproxy, envoy, k8s or ratelab")
    String format;

    @Parameters(paramLabel = "FILE", description = "a scenario file or a sidecar config, YAML or JSON")
    Path file;

    @Option(names = "--limiter", paramLabel = "NAME", description = "which of the scenario's limiters (needed when"
            + " it has more than one)")
    String limiter;

    @CommandLine.Mixin
    ExportFlags flags = new ExportFlags();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return InputFiles.run(file, out, err, () -> {
            ExportResult result = Exporter.forFormat(ExportFormat.byId(format)).export(request());
            flags.write(result, out, err);
            return 0;
        });
    }

    private ExportRequest request() throws IOException {
        String text = FileFormats.readText(file, "a scenario or sidecar config", Scenario.MAX_FILE_BYTES);
        JsonNode tree;
        try {
            tree = FileFormats.forPath(file).readTree(text);
        } catch (IOException e) {
            throw new IOException(file + ": not valid YAML/JSON: " + FileFormats.plainMessage(e.getMessage()), e);
        }
        ExportRequest r;
        if (tree != null && tree.has("limiters")) {
            r = fromScenario(Scenario.read(file));
        } else if (tree != null && tree.has("limiter")) {
            r = fromSidecarConfig(ProxyConfig.read(file));
        } else {
            throw new IOException(file + ": neither a scenario (it has no limiters:) nor a sidecar config (no"
                    + " limiter:)");
        }
        return flags.apply(r);
    }

    private ExportRequest fromScenario(Scenario s) {
        ScenarioLimiter chosen;
        if (limiter == null) {
            if (s.limiters().size() > 1) {
                throw new IllegalArgumentException("the scenario has " + s.limiters().size() + " limiters; choose"
                        + " one with --limiter NAME: " + names(s));
            }
            chosen = s.limiters().get(0);
        } else {
            chosen = s.limiters().stream().filter(l -> l.name().equals(limiter)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--limiter: no limiter named '" + limiter
                            + "'; the scenario has: " + names(s)));
        }
        return ExportRequest.of(chosen.spec(), chosen.keyOr(s.key()))
                .withTraffic(new ExportRequest.Traffic(s, file.toAbsolutePath().getParent()));
    }

    private ExportRequest fromSidecarConfig(ProxyConfig c) {
        if (limiter != null && !limiter.equals(c.limiter().name())) {
            throw new IllegalArgumentException("--limiter: the sidecar config has one limiter, '"
                    + c.limiter().name() + "'");
        }
        return ExportRequest.of(c.limiter(), c.key())
                .withListen(ListenAddress.parse(c.listen().toString()))
                .withUpstream(c.upstream())
                .withShadow(c.shadow());
    }

    private static String names(Scenario s) {
        return s.limiters().stream().map(l -> "'" + l.name() + "'").collect(Collectors.joining(", "));
    }
}
