package io.ratelab.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Builds the Envoy v3 objects of an export as a Jackson tree: the {@code envoy.filters.http.local_ratelimit} filter
 * (token bucket, filter_enabled and filter_enforced at 100%, status 429, DRAFT_VERSION_03 x-ratelimit headers, a
 * static Retry-After, per-key descriptors), the route with its {@code rate_limits} actions, the listener and the
 * upstream cluster. Stateless.
 */
final class EnvoyConfig {

    static final String FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3"
            + ".LocalRateLimit";
    static final String HCM_TYPE = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3"
            + ".HttpConnectionManager";
    static final String ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
    /** Buckets Envoy keeps for wildcard descriptors before evicting the least recently used. */
    static final int MAX_DYNAMIC_DESCRIPTORS = 10_000;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EnvoyConfig() {
    }

    /** The complete static bootstrap: listener, route, cluster, and a loopback admin port. */
    static ObjectNode bootstrap(ExportRequest r, LimiterSpec engine) {
        ObjectNode root = F.objectNode();
        ObjectNode resources = root.putObject("static_resources");
        resources.putArray("listeners").add(listener(r, engine));
        resources.putArray("clusters").add(cluster(r));
        ObjectNode admin = root.putObject("admin");
        admin.set("address", socketAddress("127.0.0.1", 9901));
        return root;
    }

    /** The listener with the HTTP connection manager, the rate limit filter, the router and the route. */
    static ObjectNode listener(ExportRequest r, LimiterSpec engine) {
        ObjectNode listener = F.objectNode().put("name", "ratelab_listener");
        listener.set("address", socketAddress(r.listen().host(), r.listen().port()));
        ObjectNode hcm = F.objectNode().put("@type", HCM_TYPE).put("stat_prefix", "ingress_http")
                .put("use_remote_address", true);
        ObjectNode vhost = F.objectNode().put("name", "upstream");
        vhost.putArray("domains").add("*");
        vhost.putArray("routes").add(route(r));
        ObjectNode routeConfig = hcm.putObject("route_config").put("name", "ratelab_route");
        routeConfig.putArray("virtual_hosts").add(vhost);
        ArrayNode filters = hcm.putArray("http_filters");
        filters.add(F.objectNode().put("name", "envoy.filters.http.local_ratelimit")
                .set("typed_config", localRateLimit(r.key(), engine, r.shadow())));
        filters.add(F.objectNode().put("name", "envoy.filters.http.router")
                .set("typed_config", F.objectNode().put("@type", ROUTER_TYPE)));
        ObjectNode chain = F.objectNode();
        chain.putArray("filters").add(F.objectNode().put("name", "envoy.filters.network.http_connection_manager")
                .set("typed_config", hcm));
        listener.putArray("filter_chains").add(chain);
        return listener;
    }

    /** The header a shadow export adds to the requests it would have rejected, for the application to log. */
    static final String SHADOW_HEADER = "x-ratelimit-shadow";

    /**
     * The filter's typed_config. In shadow mode {@code filter_enforced} is 0%: the filter decides and counts (its
     * {@code rate_limited} statistic) but forwards, adding {@code x-ratelimit-shadow: would-reject} to the request.
     */
    static ObjectNode localRateLimit(KeyRule key, LimiterSpec engine, boolean shadow) {
        ObjectNode c = F.objectNode().put("@type", FILTER_TYPE).put("stat_prefix", "http_local_rate_limiter");
        c.putObject("status").put("code", "TooManyRequests");
        c.set("token_bucket", tokenBucket(engine));
        c.set("filter_enabled", percent("local_rate_limit_enabled", 100));
        c.set("filter_enforced", percent("local_rate_limit_enforced", shadow ? 0 : 100));
        if (shadow) {
            ObjectNode mark = F.objectNode().put("append_action", "OVERWRITE_IF_EXISTS_OR_ADD");
            mark.putObject("header").put("key", SHADOW_HEADER).put("value", "would-reject");
            c.putArray("request_headers_to_add_when_not_enforced").add(mark);
        }
        c.put("enable_x_ratelimit_headers", "DRAFT_VERSION_03");
        ObjectNode retry = F.objectNode().put("append_action", "OVERWRITE_IF_EXISTS_OR_ADD");
        retry.putObject("header").put("key", "retry-after").put("value", Long.toString(retryAfterSeconds(engine)));
        c.putArray("response_headers_to_add").add(retry);
        if (key.kind() != KeyRule.Kind.GLOBAL) {
            ObjectNode descriptor = F.objectNode();
            ArrayNode entries = descriptor.putArray("entries");
            for (String k : descriptorKeys(key)) {
                entries.add(F.objectNode().put("key", k).put("value", ""));
            }
            descriptor.set("token_bucket", tokenBucket(engine));
            c.putArray("descriptors").add(descriptor);
            c.put("always_consume_default_token_bucket", false);
            c.put("max_dynamic_descriptors", MAX_DYNAMIC_DESCRIPTORS);
        }
        return c;
    }

    /** The route to the upstream, with the rate_limits actions that produce the key's descriptor. */
    static ObjectNode route(ExportRequest r) {
        ObjectNode route = F.objectNode();
        route.putObject("match").put("prefix", "/");
        ObjectNode action = route.putObject("route").put("cluster", "ratelab_upstream");
        if (!r.upstreamPathPrefix().isEmpty()) {
            action.put("prefix_rewrite", r.upstreamPathPrefix() + "/");
        }
        if (r.key().kind() != KeyRule.Kind.GLOBAL) {
            ArrayNode actions = F.arrayNode();
            switch (r.key().kind()) {
                case IP:
                    actions.add(F.objectNode().set("remote_address", F.objectNode()));
                    break;
                case HEADER:
                    String h = r.key().header().toLowerCase(Locale.ROOT);
                    actions.add(requestHeader(h, h));
                    break;
                default:
                    actions.add(requestHeader(":method", "method"));
                    actions.add(requestHeader(":path", "path"));
            }
            action.putArray("rate_limits").add(F.objectNode().set("actions", actions));
        }
        return route;
    }

    static ObjectNode cluster(ExportRequest r) {
        boolean literal = r.upstreamHost().matches("[0-9.]+") || r.upstreamHost().indexOf(':') >= 0;
        ObjectNode c = F.objectNode().put("name", "ratelab_upstream").put("type", literal ? "STATIC" : "STRICT_DNS")
                .put("connect_timeout", "2s");
        ObjectNode endpoint = F.objectNode();
        endpoint.putObject("endpoint").set("address", socketAddress(r.upstreamHost(), r.upstreamPort()));
        ObjectNode la = c.putObject("load_assignment").put("cluster_name", "ratelab_upstream");
        la.putArray("endpoints").add(F.objectNode().set("lb_endpoints", F.arrayNode().add(endpoint)));
        return c;
    }

    static long retryAfterSeconds(LimiterSpec engine) {
        long tokens = engine.rate().countOver(engine.fillInterval());
        long nanos = engine.fillInterval().toNanos();
        return Math.max(1, (nanos + tokens * 1_000_000_000L - 1) / (tokens * 1_000_000_000L));
    }

    /** A protobuf JSON duration: seconds with up to nine decimals, {@code 1s}, {@code 0.050s}. */
    static String protoDuration(Duration d) {
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
    }

    private static String[] descriptorKeys(KeyRule key) {
        switch (key.kind()) {
            case IP: return new String[]{"remote_address"};
            case HEADER: return new String[]{key.header().toLowerCase(Locale.ROOT)};
            default: return new String[]{"method", "path"};
        }
    }

    private static ObjectNode tokenBucket(LimiterSpec engine) {
        return F.objectNode().put("max_tokens", engine.burst())
                .put("tokens_per_fill", engine.rate().countOver(engine.fillInterval()))
                .put("fill_interval", protoDuration(engine.fillInterval()));
    }

    private static ObjectNode percent(String runtimeKey, int numerator) {
        ObjectNode p = F.objectNode().put("runtime_key", runtimeKey);
        p.putObject("default_value").put("numerator", numerator).put("denominator", "HUNDRED");
        return p;
    }

    private static ObjectNode requestHeader(String header, String descriptorKey) {
        return F.objectNode().set("request_headers", F.objectNode().put("header_name", header)
                .put("descriptor_key", descriptorKey));
    }

    private static ObjectNode socketAddress(String host, int port) {
        ObjectNode a = F.objectNode();
        a.putObject("socket_address").put("address", host).put("port_value", port);
        return a;
    }
}
