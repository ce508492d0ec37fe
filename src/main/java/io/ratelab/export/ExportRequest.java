package io.ratelab.export;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;

import java.net.URI;
import java.nio.file.Path;

/**
 * What to export: one limiter with its key rule, where the exported proxy listens and where it forwards to, and —
 * when the limiter came from a scenario — the scenario's traffic, on which an approximate mapping is quantified.
 * Immutable; the compact constructor validates and names the bad field.
 * <pre>{@code
 * ExportRequest r = ExportRequest.of(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L), KeyRule.IP)
 *         .withSnippet(true);
 * ExportResult nginx = Exporter.forFormat(ExportFormat.NGINX).export(r);
 * }</pre>
 *
 * @param limiter       the limiter, required
 * @param key           what it counts by, default {@code global}
 * @param listen        where the exported proxy listens, default 127.0.0.1:8080
 * @param upstream      the application, an {@code http://host:port[/path]} URL, default http://127.0.0.1:9000
 * @param snippet       only the limiting part instead of a complete runnable config
 * @param k8sSidecar    for {@link ExportFormat#K8S}: which sidecar, default RateLab's
 * @param k8sDeployment for {@link ExportFormat#K8S}: the Deployment to patch (a DNS-1123 name), default {@code app}
 * @param traffic       the scenario traffic to quantify approximations on, or null (then they are only described)
 * @param shadow        shadow mode: the engine decides and counts as usual but rejects nothing, and its logs or
 *                      metrics show the would-be rejections (nginx {@code limit_req_dry_run}, Envoy
 *                      {@code filter_enforced} 0%, HAProxy tracking without the deny, RateLab {@code shadow: true})
 */
public record ExportRequest(LimiterSpec limiter, KeyRule key, ListenAddress listen, URI upstream, boolean snippet,
                            K8sSidecar k8sSidecar, String k8sDeployment, Traffic traffic, boolean shadow) {

    /** The default upstream of every export. */
    public static final URI DEFAULT_UPSTREAM = URI.create("http://127.0.0.1:9000");

    public ExportRequest {
        if (limiter == null) {
            throw new IllegalArgumentException("limiter: is required");
        }
        key = key == null ? KeyRule.GLOBAL : key;
        listen = listen == null ? ListenAddress.DEFAULT : listen;
        upstream = upstream == null ? DEFAULT_UPSTREAM : upstream;
        checkUpstream(upstream);
        k8sSidecar = k8sSidecar == null ? K8sSidecar.RATELAB : k8sSidecar;
        k8sDeployment = k8sDeployment == null ? "app" : k8sDeployment;
        if (!k8sDeployment.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("k8sDeployment: '" + k8sDeployment + "' is not a Kubernetes name"
                    + " (lower-case letters, digits and '-', at most 63)");
        }
    }

    /** An enforcing request (the form before shadow mode). */
    public ExportRequest(LimiterSpec limiter, KeyRule key, ListenAddress listen, URI upstream, boolean snippet,
                         K8sSidecar k8sSidecar, String k8sDeployment, Traffic traffic) {
        this(limiter, key, listen, upstream, snippet, k8sSidecar, k8sDeployment, traffic, false);
    }

    /** A request with every default around one limiter and key rule. */
    public static ExportRequest of(LimiterSpec limiter, KeyRule key) {
        return new ExportRequest(limiter, key, null, null, false, null, null, null, false);
    }

    /** This request in shadow mode ({@code true}) or enforcing. */
    public ExportRequest withShadow(boolean s) {
        return new ExportRequest(limiter, key, listen, upstream, snippet, k8sSidecar, k8sDeployment, traffic, s);
    }

    public ExportRequest withListen(ListenAddress l) {
        return new ExportRequest(limiter, key, l, upstream, snippet, k8sSidecar, k8sDeployment, traffic, shadow);
    }

    public ExportRequest withUpstream(URI u) {
        return new ExportRequest(limiter, key, listen, u, snippet, k8sSidecar, k8sDeployment, traffic, shadow);
    }

    public ExportRequest withSnippet(boolean s) {
        return new ExportRequest(limiter, key, listen, upstream, s, k8sSidecar, k8sDeployment, traffic, shadow);
    }

    public ExportRequest withK8s(K8sSidecar sidecar, String deployment) {
        return new ExportRequest(limiter, key, listen, upstream, snippet, sidecar, deployment, traffic, shadow);
    }

    public ExportRequest withTraffic(Traffic t) {
        return new ExportRequest(limiter, key, listen, upstream, snippet, k8sSidecar, k8sDeployment, t, shadow);
    }

    /** The upstream's host as written, without IPv6 brackets. */
    public String upstreamHost() {
        String h = upstream.getHost();
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** The upstream's port, 80 when the URL has none. */
    public int upstreamPort() {
        return upstream.getPort() < 0 ? 80 : upstream.getPort();
    }

    /** The upstream URL's path without a trailing slash: {@code ""} or e.g. {@code /api}. */
    public String upstreamPathPrefix() {
        String p = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static void checkUpstream(URI u) {
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("upstream: '" + u + "' must be an http:// URL with a host, e.g."
                    + " http://127.0.0.1:9000");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream: '" + u + "' must not have a query or fragment");
        }
    }

    /**
     * The traffic of the scenario the limiter came from.
     *
     * @param scenario the scenario; its traffic, duration, seed and upstream are simulated
     * @param baseDir  where its schedule files are resolved
     */
    public record Traffic(Scenario scenario, Path baseDir) {
        public Traffic {
            if (scenario == null) {
                throw new IllegalArgumentException("traffic: a scenario is required");
            }
            baseDir = baseDir == null ? Path.of(".") : baseDir;
        }
    }
}
