package io.ratelab.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The targets {@code ratelab export --format} writes, with the file name a saved export gets by default. */
public enum ExportFormat {
    NGINX("nginx", "nginx.conf", "nginx limit_req in front of a proxy_pass; runs with nginx -p DIR -c FILE"),
    HAPROXY("haproxy", "haproxy.cfg", "HAProxy stick-table http_req_rate and a deny 429; runs with haproxy -f FILE"),
    ENVOY("envoy", "envoy.yaml", "Envoy static config with the local_ratelimit HTTP filter"),
    K8S("k8s", "ratelab-k8s.yaml", "Kubernetes ConfigMap + Deployment patch adding a rate-limiting sidecar"),
    RATELAB("ratelab", "ratelab.yaml", "RateLab's own sidecar config, read by ratelab proxy --config FILE");

    private final String id;
    private final String fileName;
    private final String description;

    ExportFormat(String id, String fileName, String description) {
        this.id = id;
        this.fileName = fileName;
        this.description = description;
    }

    /** The name {@code --format} takes. */
    public String id() {
        return id;
    }

    /** The default file name of a full export. */
    public String fileName() {
        return fileName;
    }

    /** One line for a picker or {@code --help}. */
    public String description() {
        return description;
    }

    /**
     * The format of that name (case-insensitive).
     *
     * @throws IllegalArgumentException listing the names that exist
     */
    public static ExportFormat byId(String id) {
        for (ExportFormat f : values()) {
            if (f.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + id + "'; one of: " + ids());
    }

    /** All names, comma separated. */
    public static String ids() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
