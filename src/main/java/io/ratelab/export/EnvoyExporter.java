package io.ratelab.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Envoy: a complete static config (listener, route, cluster, loopback admin) with the
 * {@code envoy.filters.http.local_ratelimit} filter, or with {@code --snippet} the listener alone. See
 * {@link EnvoyConfig} for the objects. Stateless and thread-safe.
 */
final class EnvoyExporter implements Exporter {

    @Override
    public ExportFormat format() {
        return ExportFormat.ENVOY;
    }

    @Override
    public ExportResult export(ExportRequest r) {
        EngineMapping m = EngineMapping.forEnvoy(r.limiter());
        ExportNotes.Notes notes = ExportNotes.forMapping(r, m, "Envoy");
        notes.addAll(envoyNotes(r.key(), EnvoyConfig.retryAfterSeconds(m.engine())));
        if (r.shadow()) {
            notes.replace(ENFORCED_NOTE, SHADOW_NOTE);
        }
        String head = ExportNotes.comment(notes.written(), "# ");
        if (r.snippet()) {
            String body = "# --- a listener for static_resources.listeners; it routes to a cluster named"
                    + " ratelab_upstream ---\n" + yaml(EnvoyConfig.listener(r, m.engine()));
            return new ExportResult(head + body, "envoy-listener.yaml", notes.written(), notes.shown());
        }
        String body = "#\n# Run: envoy -c envoy.yaml\n" + yaml(EnvoyConfig.bootstrap(r, m.engine()));
        return new ExportResult(head + body, ExportFormat.ENVOY.fileName(), notes.written(), notes.shown());
    }

    static final String ENFORCED_NOTE = "filter_enabled and filter_enforced are set to 100%: they default to 0%,"
            + " which would leave the filter doing nothing.";
    static final String SHADOW_NOTE = "Shadow mode: filter_enabled 100%, filter_enforced 0%. Envoy decides and"
            + " counts every request as when enforcing but forwards the ones it would reject, adding "
            + EnvoyConfig.SHADOW_HEADER + ": would-reject to them (request_headers_to_add_when_not_enforced), for the"
            + " application or an access log (%REQ(" + EnvoyConfig.SHADOW_HEADER.toUpperCase(java.util.Locale.ROOT)
            + ")%) to record. The would-be rejections are the statistic"
            + " http_local_rate_limiter.http_local_rate_limit.rate_limited on the admin port (curl -s"
            + " 127.0.0.1:9901/stats | grep http_local_rate_limit), while .enforced stays 0. To enforce, set"
            + " filter_enforced to 100 (or the runtime key local_rate_limit_enforced).";

    /** What Envoy itself cannot do, said once at the top of every Envoy export. */
    static List<String> envoyNotes(KeyRule key, long retryAfterSeconds) {
        List<String> notes = new ArrayList<>();
        notes.add(ENFORCED_NOTE);
        notes.add("Buckets are per Envoy process: N replicas admit N times the limit (local_cluster_rate_limit can"
                + " share it).");
        notes.add("Retry-After is static (" + retryAfterSeconds + "s, the time one token takes to refill, rounded"
                + " up): response_headers_to_add cannot compute it per request (envoyproxy/envoy#45384);"
                + " x-ratelimit-limit/remaining/reset come from enable_x_ratelimit_headers: DRAFT_VERSION_03.");
        switch (key.kind()) {
            case GLOBAL:
                break;
            case IP:
                notes.add("Per-IP: the route's remote_address action makes a descriptor per client address and the"
                        + " descriptor's empty value is a wildcard, one bucket per address (Envoy 1.34+). Envoy"
                        + " keeps at most max_dynamic_descriptors (" + EnvoyConfig.MAX_DYNAMIC_DESCRIPTORS + ")"
                        + " buckets and evicts the least recently used, which then starts full again; older Envoy"
                        + " can only limit addresses listed one by one. The address is the peer's"
                        + " (use_remote_address: true; X-Forwarded-For is trusted only with xff_num_trusted_hops).");
                break;
            case HEADER:
                notes.add("Per-" + key.header() + ": a request_headers action makes a descriptor per header value"
                        + " and the descriptor's empty value is a wildcard, one bucket per value (Envoy 1.34+), at"
                        + " most max_dynamic_descriptors (" + EnvoyConfig.MAX_DYNAMIC_DESCRIPTORS + "), least"
                        + " recently used evicted. Requests without the header make no descriptor and share the"
                        + " default token_bucket, as they share the key '-' in RateLab.");
                break;
            default:
                notes.add("Per-route: request_headers actions on :method and :path make one descriptor per route, a"
                        + " bucket each (Envoy 1.34+ wildcard values), at most max_dynamic_descriptors. :path"
                        + " includes the query string, RateLab's route key does not.");
        }
        return notes;
    }

    private static String yaml(JsonNode node) {
        try {
            return FileFormats.yaml().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
