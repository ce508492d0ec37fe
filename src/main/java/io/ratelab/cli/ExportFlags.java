package io.ratelab.cli;

import io.ratelab.export.ExportRequest;
import io.ratelab.export.ExportResult;
import io.ratelab.export.K8sSidecar;
import io.ratelab.export.ListenAddress;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flags that shape an exported config, shared by {@code ratelab export} and {@code ratelab tune --export}:
 * {@code --listen}, {@code --upstream}, {@code --snippet}, {@code --shadow}, {@code --k8s-sidecar}, {@code --k8s-deployment} and
 * {@code -o}. A picocli mixin: both commands take the very same options.
 */
public final class ExportFlags {

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "where the exported proxy listens"
            + " (default: the sidecar config's, else 127.0.0.1:8080)")
    String listen;

    @Option(names = "--upstream", paramLabel = "URL", description = "the application (default: the sidecar"
            + " config's, else http://127.0.0.1:9000)")
    String upstream;

    @Option(names = "--snippet", description = "only the limiting part, to paste into an existing config")
    boolean snippet;

    @Option(names = "--shadow", description = "shadow mode: the engine decides and counts but rejects nothing, and"
            + " logs or counts the would-be rejections (nginx limit_req_dry_run, Envoy filter_enforced 0%%, HAProxy"
            + " without the deny, RateLab shadow: true); the comment at the top says where to read them")
    boolean shadow;

    @Option(names = "--k8s-sidecar", paramLabel = "KIND", defaultValue = "ratelab",
            description = "for the k8s format: ratelab (default) or envoy")
    String k8sSidecar;

    @Option(names = "--k8s-deployment", paramLabel = "NAME", defaultValue = "app",
            description = "for the k8s format: the Deployment to patch (default app)")
    String k8sDeployment;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write the config to this file instead of"
            + " stdout")
    Path output;

    /** {@code r} with these flags applied (a flag left out keeps {@code r}'s value). */
    ExportRequest apply(ExportRequest r) {
        if (listen != null) {
            r = r.withListen(ListenAddress.parse(listen));
        }
        if (upstream != null) {
            r = r.withUpstream(URI.create(upstream));
        }
        return r.withSnippet(snippet).withK8s(K8sSidecar.parse(k8sSidecar), k8sDeployment)
                .withShadow(shadow || r.shadow());
    }

    /** Writes {@code result} to {@code -o OUT} (saying so on {@code err}) or to {@code out}. */
    void write(ExportResult result, PrintWriter out, PrintWriter err) throws IOException {
        if (output != null) {
            Files.writeString(output, result.text(), StandardCharsets.UTF_8);
            err.println("wrote " + output);
        } else {
            out.print(result.text());
        }
    }

    /** True when {@code -o} names a file. */
    boolean toFile() {
        return output != null;
    }
}
