package io.ratelab.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code export --shadow} writes for each target: the engine's own dry-run form, a log or statistic carrying
 * the would-be decision, and a comment saying how to read it; the enforcing export has none of it.
 */
class ShadowExportTest {

    private static final LimiterSpec TB = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L);

    private static ExportResult export(ExportFormat f, ExportRequest r) {
        return Exporter.forFormat(f).export(r);
    }

    @Test
    void nginxDryRunLogsTheWouldBeDecisionInTheFormatVerifyReads() {
        ExportRequest r = ExportRequest.of(TB, KeyRule.header("X-Api-Key")).withShadow(true);
        ExportResult shadow = export(ExportFormat.NGINX, r);
        String text = shadow.text();
        assertTrue(text.contains("            limit_req_dry_run on;\n"), text);
        assertTrue(text.contains("    log_format ratelab_shadow '$remote_addr [$msec] \"$request\" $status"
                + " $request_time $limit_req_status \"$http_x_api_key\"';\n"), text);
        assertTrue(text.contains("            access_log shadow.log ratelab_shadow;\n"), text);
        assertTrue(text.contains("limit_req zone=ratelab burst=19 nodelay;"), "the limit itself is unchanged");
        assertTrue(shadow.notes().stream().anyMatch(n -> n.contains("grep -c REJECTED_DRY_RUN")
                && n.contains("ratelab verify")), shadow.notes().toString());

        String snippet = export(ExportFormat.NGINX, r.withSnippet(true)).text();
        assertTrue(snippet.contains("access_log /var/log/nginx/ratelab-shadow.log ratelab_shadow;"), snippet);
        assertTrue(snippet.contains("limit_req_dry_run on;"));

        String conn = export(ExportFormat.NGINX, ExportRequest.of(LimiterSpec.builder(Algorithm.CONCURRENCY)
                .concurrency(8).build(), KeyRule.IP).withShadow(true)).text();
        assertTrue(conn.contains("limit_conn_dry_run on;") && conn.contains("$limit_conn_status"), conn);

        String enforcing = export(ExportFormat.NGINX, r.withShadow(false)).text();
        assertFalse(enforcing.contains("dry_run") || enforcing.contains("ratelab_shadow"), enforcing);
    }

    @Test
    void haproxyTracksWithoutTheDenyAndMarksTheWouldBeDecision() {
        ExportRequest r = ExportRequest.of(TB, KeyRule.IP).withShadow(true);
        String text = export(ExportFormat.HAPROXY, r).text();
        assertFalse(text.contains("http-request deny"), text);
        assertTrue(text.contains("    http-request track-sc0 src\n"), "still tracked and counted");
        assertTrue(text.contains("    http-request set-var(txn.ratelab_shadow) str(would-reject) if {"
                + " sc_http_req_rate(0) gt 20 }\n"), text);
        assertTrue(text.contains("    http-response set-header X-RateLimit-Shadow %[var(txn.ratelab_shadow)] if {"
                + " var(txn.ratelab_shadow) -m found }\n"), text);
        assertTrue(text.contains("    log-format \"ratelab-shadow %[var(txn.ratelab_t)] %ci %ST"
                + " %[var(txn.ratelab_shadow)] %{+Q}r %ci\"\n"), text);
        assertTrue(text.contains("    log stdout format raw local0\n"), text);
        assertTrue(text.indexOf("set-var(txn.ratelab_t) date(0,ms)") < text.indexOf("track-sc0"),
                "the time is taken first");
        String header = export(ExportFormat.HAPROXY, ExportRequest.of(TB, KeyRule.header("X-Api-Key"))
                .withShadow(true)).text();
        assertTrue(header.contains("%[var(txn.ratelab_shadow)] %{+Q}r %[var(txn.ratelab_key)]\""), header);
        assertTrue(export(ExportFormat.HAPROXY, r.withShadow(false)).text().contains("http-request deny"));
    }

    @Test
    void envoyEnablesButDoesNotEnforceAndMarksTheForwardedRequests() throws Exception {
        ExportResult shadow = export(ExportFormat.ENVOY, ExportRequest.of(TB, KeyRule.IP).withShadow(true));
        JsonNode filter = localRateLimit(shadow.text());
        assertEquals(100, filter.at("/filter_enabled/default_value/numerator").asInt());
        assertEquals(0, filter.at("/filter_enforced/default_value/numerator").asInt());
        JsonNode mark = filter.at("/request_headers_to_add_when_not_enforced/0/header");
        assertEquals("x-ratelimit-shadow", mark.get("key").asText());
        assertEquals("would-reject", mark.get("value").asText());
        assertTrue(shadow.notes().stream().anyMatch(n -> n.contains("http_local_rate_limit.rate_limited")),
                shadow.notes().toString());
        assertFalse(shadow.notes().stream().anyMatch(n -> n.startsWith("filter_enabled and filter_enforced are set"
                + " to 100%")), shadow.notes().toString());

        JsonNode enforcing = localRateLimit(export(ExportFormat.ENVOY, ExportRequest.of(TB, KeyRule.IP)).text());
        assertEquals(100, enforcing.at("/filter_enforced/default_value/numerator").asInt());
        assertTrue(enforcing.path("request_headers_to_add_when_not_enforced").isMissingNode());
    }

    @Test
    void kubernetesSidecarRunsWithShadowAndRatelabConfigSaysShadowTrue(@TempDir Path dir) throws Exception {
        ExportResult k8s = export(ExportFormat.K8S, ExportRequest.of(TB, KeyRule.IP).withShadow(true));
        List<JsonNode> docs = yamlDocuments(k8s.text());
        JsonNode args = docs.get(1).at("/spec/template/spec/containers/0/args");
        assertEquals("[\"proxy\",\"--config\",\"/etc/ratelab/ratelab.yaml\",\"--watch\",\"--shadow\"]",
                args.toString());
        assertTrue(k8s.notes().stream().anyMatch(n -> n.contains("ratelab_proxy_shadow_rejected_total")),
                k8s.notes().toString());
        JsonNode envoyFilter = docs.get(0);
        String envoyYaml = yamlDocuments(export(ExportFormat.K8S, ExportRequest.of(TB, KeyRule.IP).withShadow(true)
                .withK8s(K8sSidecar.ENVOY, "app")).text()).get(0).at("/data/envoy.yaml").asText();
        assertEquals(0, localRateLimit(envoyYaml).at("/filter_enforced/default_value/numerator").asInt());
        assertFalse(yamlDocuments(export(ExportFormat.K8S, ExportRequest.of(TB, KeyRule.IP)).text()).get(1)
                .at("/spec/template/spec/containers/0/args").toString().contains("--shadow"));
        assertTrue(envoyFilter.has("data"));

        ExportResult own = export(ExportFormat.RATELAB, ExportRequest.of(TB, KeyRule.IP).withShadow(true));
        Path file = dir.resolve("ratelab.yaml");
        Files.writeString(file, own.text());
        ProxyConfig c = ProxyConfig.read(file);
        assertTrue(c.shadow(), own.text());
        assertTrue(own.notes().stream().anyMatch(n -> n.contains("\"shadow\":\"rejected\"")), own.notes().toString());
        Files.writeString(file, export(ExportFormat.RATELAB, ExportRequest.of(TB, KeyRule.IP)).text());
        assertFalse(ProxyConfig.read(file).shadow());
    }

    private static JsonNode localRateLimit(String envoyYaml) throws Exception {
        JsonNode root = FileFormats.yaml().readTree(envoyYaml);
        return root.at("/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters/0"
                + "/typed_config");
    }

    private static List<JsonNode> yamlDocuments(String text) throws Exception {
        try (MappingIterator<JsonNode> it = FileFormats.yaml().readerFor(JsonNode.class).readValues(text)) {
            return it.readAll();
        }
    }
}
