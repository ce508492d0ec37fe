package io.ratelab.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Envoy has no binary here, so its export is checked two ways: the YAML has the structure Envoy reads (parsed with
 * Jackson, keys asserted by path), and the envoy-local model, built from the exported token bucket, decides like
 * ENGINES.md section 1's formula for the continuous bucket: {@code tokens(now) = min(max_tokens, (now - t) ·
 * fill_rate)}, {@code fill_rate = tokens_per_fill / fill_interval}, a request needs one whole token.
 */
class EnvoyExportTest {

    private static final String HCM = "/static_resources/listeners/0/filter_chains/0/filters/0/typed_config";

    @Test
    void completeConfigHasListenerRouteClusterAndTheFilterAt100Percent() throws Exception {
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L);
        JsonNode root = yaml(ExportRequest.of(tb, KeyRule.GLOBAL));
        JsonNode filter = root.at(HCM + "/http_filters/0");
        assertEquals("envoy.filters.http.local_ratelimit", filter.path("name").asText());
        JsonNode c = filter.path("typed_config");
        assertEquals(EnvoyConfig.FILTER_TYPE, c.path("@type").asText());
        assertEquals(20, c.at("/token_bucket/max_tokens").asInt());
        assertEquals(10, c.at("/token_bucket/tokens_per_fill").asInt());
        assertEquals("1s", c.at("/token_bucket/fill_interval").asText());
        for (String p : new String[]{"filter_enabled", "filter_enforced"}) {
            assertEquals(100, c.at("/" + p + "/default_value/numerator").asInt(), p);
            assertEquals("HUNDRED", c.at("/" + p + "/default_value/denominator").asText(), p);
        }
        assertEquals("TooManyRequests", c.at("/status/code").asText());
        assertEquals("DRAFT_VERSION_03", c.path("enable_x_ratelimit_headers").asText());
        assertEquals("retry-after", c.at("/response_headers_to_add/0/header/key").asText());
        assertEquals("envoy.filters.http.router", root.at(HCM + "/http_filters/1/name").asText());
        assertEquals("ratelab_upstream", root.at(HCM + "/route_config/virtual_hosts/0/routes/0/route/cluster")
                .asText());
        assertEquals(8080, root.at("/static_resources/listeners/0/address/socket_address/port_value").asInt());
        assertEquals(9000, root.at("/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/0"
                + "/endpoint/address/socket_address/port_value").asInt());
    }

    @Test
    void perKeyLimitsUseWildcardDescriptorsFromRouteActions() throws Exception {
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L);
        JsonNode ip = yaml(ExportRequest.of(tb, KeyRule.IP));
        JsonNode c = ip.at(HCM + "/http_filters/0/typed_config");
        assertEquals("remote_address", c.at("/descriptors/0/entries/0/key").asText());
        assertEquals("", c.at("/descriptors/0/entries/0/value").asText());
        assertEquals(20, c.at("/descriptors/0/token_bucket/max_tokens").asInt());
        assertEquals(false, c.path("always_consume_default_token_bucket").asBoolean(true));
        assertTrue(ip.at(HCM + "/route_config/virtual_hosts/0/routes/0/route/rate_limits/0/actions/0/remote_address")
                .isObject());
        JsonNode header = yaml(ExportRequest.of(tb, KeyRule.header("X-Api-Key")));
        assertEquals("x-api-key", header.at(HCM + "/route_config/virtual_hosts/0/routes/0/route/rate_limits/0"
                + "/actions/0/request_headers/header_name").asText());
    }

    @Test
    void snippetIsOneListener() throws Exception {
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L);
        ExportResult r = Exporter.forFormat(ExportFormat.ENVOY).export(ExportRequest.of(tb, KeyRule.IP)
                .withSnippet(true));
        JsonNode listener = FileFormats.yaml().readTree(r.text());
        assertEquals("ratelab_listener", listener.path("name").asText());
        assertTrue(r.text().contains("# Per-IP:"), r.text());
    }

    @Test
    void envoyModelFromTheExportedBucketFollowsTheContinuousBucketFormula() throws Exception {
        for (LimiterSpec spec : new LimiterSpec[]{
                LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 20L),
                LimiterSpec.of(Algorithm.GCRA, Rate.parse("7/s"), 3L),
                LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("600/m"), 5L)}) {
            JsonNode bucket = yaml(ExportRequest.of(spec, KeyRule.GLOBAL))
                    .at(HCM + "/http_filters/0/typed_config/token_bucket");
            double maxTokens = bucket.path("max_tokens").asDouble();
            double fillRate = bucket.path("tokens_per_fill").asDouble()
                    / Double.parseDouble(bucket.path("fill_interval").asText().replace("s", ""));
            LimitAlgorithm model = EngineMapping.forEnvoy(spec).engine().build();
            long[] state = new long[model.stateSlots()];
            Random random = new Random(5);
            long now = 1_000_000_000L;
            model.initialize(state, 0, now);
            double t = now / 1e9 - maxTokens / fillRate;
            int admitted = 0;
            for (int i = 0; i < 5000; i++) {
                now += (long) (random.nextDouble() * 2e9 / fillRate);
                double tokens = Math.min(maxTokens, (now / 1e9 - t) * fillRate);
                boolean formula = tokens >= 1 - 1e-9;
                if (formula) {
                    t = now / 1e9 - (tokens - 1) / fillRate;
                    admitted++;
                }
                boolean modelSays = model.acquire(state, 0, now, 1).allowed();
                assertEquals(formula, modelSays, spec + " request " + i + " at " + now + " ns, tokens " + tokens);
            }
            assertTrue(admitted > 1000 && admitted < 5000, spec + ": the trace exercises the limit, " + admitted);
        }
    }

    private static JsonNode yaml(ExportRequest r) throws Exception {
        return FileFormats.yaml().readTree(Exporter.forFormat(ExportFormat.ENVOY).export(r).text());
    }
}
