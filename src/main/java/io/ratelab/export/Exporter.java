package io.ratelab.export;

/**
 * Turns an {@link ExportRequest} into a configuration for one target. Implementations are stateless and
 * thread-safe; an export that needs the scenario's traffic simulates it on the calling thread (instant for most
 * scenarios, seconds for a million-client one).
 * <pre>{@code
 * ExportResult r = Exporter.forFormat("nginx").export(ExportRequest.of(spec, KeyRule.IP));
 * Files.writeString(Path.of(r.fileName()), r.text());
 * }</pre>
 */
public interface Exporter {

    /** The format this exporter writes. */
    ExportFormat format();

    /**
     * Exports the request.
     *
     * @throws ExportException when the target cannot express the limiter or key rule at all
     */
    ExportResult export(ExportRequest request);

    /** The exporter of a format. */
    static Exporter forFormat(ExportFormat format) {
        switch (format) {
            case NGINX: return new NginxExporter();
            case HAPROXY: return new HaproxyExporter();
            case ENVOY: return new EnvoyExporter();
            case K8S: return new KubernetesExporter();
            case RATELAB: return new RatelabExporter();
            default: throw new IllegalArgumentException("no exporter for " + format);
        }
    }

    /** The exporter of a format by name ({@code nginx|haproxy|envoy|k8s|ratelab}). */
    static Exporter forFormat(String id) {
        return forFormat(ExportFormat.byId(id));
    }
}
