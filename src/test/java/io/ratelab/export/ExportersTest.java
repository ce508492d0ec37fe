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

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each exporter writes, checked line by line for nginx and HAProxy and by parsing for the YAML formats. */
class ExportersTest {

    private static final LimiterSpec TB = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L);

    @Test
    void nginxKeysAsNginxSeesThem() {
        assertTrue(nginx(TB, KeyRule.IP).contains("limit_req_zone $binary_remote_addr zone=ratelab:10m rate=10r/s;"));
        String header = nginx(TB, KeyRule.header("X-Api-Key"));
        assertTrue(header.contains("map $http_x_api_key $ratelab_key {"), header);
        assertTrue(header.contains("\"\" \"-\";"), header);
        assertTrue(nginx(TB, KeyRule.ROUTE).contains("limit_req_zone \"$request_method $uri\" zone=ratelab"));
        assertTrue(nginx(TB, KeyRule.GLOBAL).contains("limit_req_zone \"global\" zone=ratelab"));
    }

    @Test
    void nginxTokenBucketBecomesBurstMinusOneNodelayWithStatus429AndKeepalive() {
        String text = nginx(TB, KeyRule.IP);
        assertTrue(text.contains("limit_req zone=ratelab burst=19 nodelay;"), text);
        assertTrue(text.contains("limit_req_status 429;"));
        assertTrue(text.contains("keepalive 64;"));
        assertTrue(text.contains("proxy_pass http://ratelab_upstream;"));
        assertTrue(text.contains("listen 127.0.0.1:8080;"));
        assertTrue(text.contains("daemon off;") && text.contains("pid nginx.pid;"));
        assertTrue(text.startsWith("# RateLab export of token-bucket rate=10/s burst=20"), text);
    }

    @Test
    void nginxDelayAndUpstreamPathAndSnippet() {
        LimiterSpec delay = LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).rate(Rate.parse("5/s")).burst(8).delay(3)
                .build();
        ExportRequest r = ExportRequest.of(delay, KeyRule.IP).withUpstream(URI.create("http://10.0.0.5:3000/api/"));
        String text = Exporter.forFormat(ExportFormat.NGINX).export(r).text();
        assertTrue(text.contains("limit_req zone=ratelab burst=8 delay=3;"), text);
        assertTrue(text.contains("server 10.0.0.5:3000;"));
        assertTrue(text.contains("proxy_pass http://ratelab_upstream/api/;"));
        assertTrue(text.contains("# exact: the nginx-limit-req model is nginx's own arithmetic"), text);
        ExportResult snippet = Exporter.forFormat(ExportFormat.NGINX).export(r.withSnippet(true));
        assertEquals("nginx-snippet.conf", snippet.fileName());
        assertTrue(!snippet.text().contains("events {") && snippet.text().contains("limit_req_zone"));
    }

    @Test
    void haproxyStickTableTrackAndDeny() {
        String text = Exporter.forFormat(ExportFormat.HAPROXY).export(ExportRequest.of(TB, KeyRule.IP)).text();
        assertTrue(text.contains("stick-table type ip size 1m expire 4s store http_req_rate(2s)"), text);
        assertTrue(text.contains("http-request track-sc0 src"));
        assertTrue(text.contains("http-request deny deny_status 429 hdr Retry-After 1 if { sc_http_req_rate(0) gt 20 }"));
        assertTrue(text.contains("server app 127.0.0.1:9000"));
        String header = Exporter.forFormat(ExportFormat.HAPROXY).export(ExportRequest.of(TB,
                KeyRule.header("X-Api-Key"))).text();
        assertTrue(header.contains("http-request track-sc0 var(txn.ratelab_key)"), header);
    }

    @Test
    void haproxyAndEnvoyRefuseConcurrencyButNginxUsesLimitConn() {
        LimiterSpec conc = LimiterSpec.builder(Algorithm.CONCURRENCY).concurrency(8).build();
        ExportRequest r = ExportRequest.of(conc, KeyRule.IP);
        assertThrows(ExportException.class, () -> Exporter.forFormat(ExportFormat.HAPROXY).export(r));
        assertThrows(ExportException.class, () -> Exporter.forFormat(ExportFormat.ENVOY).export(r));
        String nginx = Exporter.forFormat(ExportFormat.NGINX).export(r).text();
        assertTrue(nginx.contains("limit_conn ratelab 8;") && nginx.contains("limit_conn_zone $binary_remote_addr"));
    }

    @Test
    void composedKeysExportOnlyToRatelabAndEnginesSayWhy(@TempDir Path dir) throws Exception {
        KeyRule composed = KeyRule.parse("ip+header:X-Api-Key");
        for (ExportFormat f : new ExportFormat[]{ExportFormat.NGINX, ExportFormat.HAPROXY, ExportFormat.ENVOY}) {
            String m = assertThrows(ExportException.class,
                    () -> Exporter.forFormat(f).export(ExportRequest.of(TB, composed))).getMessage();
            assertTrue(m.contains("'ip+header:X-Api-Key'") && m.contains("export it as ratelab"), m);
        }
        Path file = dir.resolve("ratelab.yaml");
        Files.writeString(file, Exporter.forFormat(ExportFormat.RATELAB).export(ExportRequest.of(TB, composed)).text());
        assertEquals(composed, ProxyConfig.read(file).key(), "the sidecar reads the same rule back");
    }

    @Test
    void ratelabConfigLoadsWithTheProxysOwnReader(@TempDir Path dir) throws Exception {
        ExportRequest r = ExportRequest.of(TB.withName("api"), KeyRule.header("X-Api-Key"))
                .withListen(ListenAddress.parse("127.0.0.1:18080")).withUpstream(URI.create("http://127.0.0.1:3000"));
        Path file = dir.resolve("ratelab.yaml");
        Files.writeString(file, Exporter.forFormat(ExportFormat.RATELAB).export(r).text());
        ProxyConfig c = ProxyConfig.read(file);
        assertEquals(TB.withName("api"), c.limiter());
        assertEquals(KeyRule.header("X-Api-Key"), c.key());
        assertEquals(18080, c.listen().port());
        assertEquals(URI.create("http://127.0.0.1:3000"), c.upstream());
        assertEquals(429, c.rejectStatus());
    }

    @Test
    void k8sRatelabSidecarHoldsALoadableConfigAndPatchesTheDeployment(@TempDir Path dir) throws Exception {
        ExportRequest r = ExportRequest.of(TB, KeyRule.IP).withK8s(K8sSidecar.RATELAB, "shop");
        List<JsonNode> docs = documents(Exporter.forFormat(ExportFormat.K8S).export(r).text());
        assertEquals(2, docs.size());
        assertEquals("ConfigMap", docs.get(0).path("kind").asText());
        Path file = dir.resolve("ratelab.yaml");
        Files.writeString(file, docs.get(0).path("data").path("ratelab.yaml").asText());
        ProxyConfig c = ProxyConfig.read(file);
        assertEquals("0.0.0.0", c.listen().host());
        JsonNode container = docs.get(1).at("/spec/template/spec/containers/0");
        assertEquals("shop", docs.get(1).at("/metadata/name").asText());
        assertEquals(List.of("proxy", "--config", "/etc/ratelab/ratelab.yaml", "--watch"),
                FileFormats.json().convertValue(container.path("args"), List.class));
        assertEquals("shop-ratelab", docs.get(1).at("/spec/template/spec/volumes/0/configMap/name").asText());
    }

    @Test
    void k8sEnvoySidecarMountsAnEnvoyConfig() throws Exception {
        ExportRequest r = ExportRequest.of(TB, KeyRule.GLOBAL).withK8s(K8sSidecar.ENVOY, null);
        List<JsonNode> docs = documents(Exporter.forFormat(ExportFormat.K8S).export(r).text());
        JsonNode envoy = FileFormats.yaml().readTree(docs.get(0).path("data").path("envoy.yaml").asText());
        assertTrue(envoy.at("/static_resources/listeners/0").isObject());
        assertEquals(List.of("-c", "/etc/envoy/envoy.yaml"), FileFormats.json().convertValue(
                docs.get(1).at("/spec/template/spec/containers/0/args"), List.class));
    }

    static List<JsonNode> documents(String yaml) throws Exception {
        try (MappingIterator<JsonNode> it = FileFormats.yaml().readerFor(JsonNode.class).readValues(yaml)) {
            return it.readAll();
        }
    }

    private static String nginx(LimiterSpec spec, KeyRule key) {
        return Exporter.forFormat(ExportFormat.NGINX).export(ExportRequest.of(spec, key)).text();
    }
}
