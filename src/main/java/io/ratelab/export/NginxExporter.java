package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.traffic.trace.TraceFormat;

import java.util.List;
import java.util.Locale;

/**
 * nginx: {@code limit_req_zone} keyed the way nginx sees the key rule, {@code limit_req} with burst and nodelay or
 * {@code delay=N}, {@code limit_req_status 429} with a static {@code Retry-After}, and a keep-alive
 * {@code proxy_pass} to the upstream. The full config runs in the foreground with every path relative to the
 * prefix: {@code nginx -p DIR -c DIR/nginx.conf -e DIR/error.log}. Keys: {@code global} is a constant key,
 * {@code ip} is {@code $binary_remote_addr}, {@code header:X-Api-Key} is {@code $http_x_api_key} (absent maps to
 * {@code -}, as in RateLab, because nginx does not limit an empty key), {@code route} is
 * {@code "$request_method $uri"}. Stateless and thread-safe.
 */
final class NginxExporter implements Exporter {

    static final String ZONE = "ratelab";
    /** The log format of a shadow export, the one {@code ratelab verify} reads. */
    static final String SHADOW_LOG_FORMAT = "ratelab_shadow";
    /** Where a complete shadow export logs, relative to the prefix directory. */
    static final String SHADOW_LOG = "shadow.log";

    @Override
    public ExportFormat format() {
        return ExportFormat.NGINX;
    }

    @Override
    public ExportResult export(ExportRequest r) {
        EngineMapping m = EngineMapping.forNginx(r.limiter());
        ExportNotes.Notes notes = ExportNotes.forMapping(r, m, "nginx");
        if (r.shadow()) {
            notes.add(shadowNote(m.engine(), r.snippet() ? SNIPPET_SHADOW_LOG : SHADOW_LOG + " in the prefix"
                    + " directory"));
        }
        String head = ExportNotes.comment(notes.written(), "# ");
        if (r.snippet()) {
            return new ExportResult(head + snippet(r, m.engine()), "nginx-snippet.conf",
                    notes.written(), notes.shown());
        }
        return new ExportResult(head + full(r, m.engine()), ExportFormat.NGINX.fileName(),
                notes.written(), notes.shown());
    }

    /** Where a shadow snippet logs. */
    static final String SNIPPET_SHADOW_LOG = "/var/log/nginx/ratelab-shadow.log";

    /** How to read a shadow export's would-be rejections. */
    private static String shadowNote(LimiterSpec engine, String log) {
        boolean conn = engine.algorithm() == Algorithm.CONCURRENCY;
        String directive = conn ? "limit_conn_dry_run" : "limit_req_dry_run";
        String variable = conn ? "$limit_conn_status" : "$limit_req_status";
        String rejected = conn ? "REJECTED_DRY_RUN (of $limit_conn_status)" : "REJECTED_DRY_RUN";
        return "Shadow mode: " + directive + " on. nginx decides and counts every request as when enforcing (the"
                + " zone's state is the same) but rejects and delays nothing. Each request's would-be decision is "
                + variable + " in " + log + " (log_format " + SHADOW_LOG_FORMAT + "): " + rejected + " marks a"
                + " would-be rejection, so grep -c REJECTED_DRY_RUN counts them, and ratelab verify SCENARIO"
                + " --limiter NAME " + (log.startsWith("/") ? log : SHADOW_LOG) + " compares them, per second and"
                + " per key, with what RateLab predicted. nginx also logs each one at error level ('limiting"
                + " requests, dry run'). To enforce, delete the " + directive + " line.";
    }

    private static String snippet(ExportRequest r, LimiterSpec engine) {
        return "\n# --- in the http { } block ---\n"
                + httpPart(r.key(), engine, "") + shadowLogFormat(r, engine, "")
                + "\n# --- in the server { } block that proxies to the application ---\n"
                + rejectLocation(engine, "")
                + "\n# --- in its location { } ---\n"
                + locationPart(engine, "") + shadowPart(r, engine, "", SNIPPET_SHADOW_LOG);
    }

    /**
     * The shadow export's log format: what {@code ratelab verify} and {@code trace inspect} read as an nginx
     * log_format — client, time in ms, request, status, the would-be decision, and the key header when keyed by one.
     */
    static String shadowLogFormat(ExportRequest r, LimiterSpec engine, String indent) {
        if (!r.shadow()) {
            return "";
        }
        return indent + "# shadow mode: each request's would-be decision, in the format ratelab verify reads\n"
                + indent + "log_format " + SHADOW_LOG_FORMAT + " '" + shadowLogLine(r.key(), engine) + "';\n";
    }

    /** The log_format string itself (also what {@code ratelab verify --format} takes). */
    static String shadowLogLine(KeyRule key, LimiterSpec engine) {
        String line = engine.algorithm() == Algorithm.CONCURRENCY
                ? TraceFormat.NGINX_SHADOW_LOG.replace("$limit_req_status", "$limit_conn_status")
                : TraceFormat.NGINX_SHADOW_LOG;
        if (key.kind() == KeyRule.Kind.HEADER) {
            line += " \"$http_" + key.header().toLowerCase(Locale.ROOT).replace('-', '_') + "\"";
        }
        return line;
    }

    /** The location lines that make a limit a shadow: dry run, and the log of would-be decisions. */
    private static String shadowPart(ExportRequest r, LimiterSpec engine, String indent, String log) {
        if (!r.shadow()) {
            return "";
        }
        String directive = engine.algorithm() == Algorithm.CONCURRENCY ? "limit_conn_dry_run" : "limit_req_dry_run";
        return indent + "# shadow mode: count, never reject; delete this line to enforce\n"
                + indent + directive + " on;\n"
                + indent + "access_log " + log + " " + SHADOW_LOG_FORMAT + ";\n";
    }

    private static String full(ExportRequest r, LimiterSpec engine) {
        String upstreamPath = r.upstreamPathPrefix().isEmpty() ? "" : r.upstreamPathPrefix() + "/";
        return "#\n# Runs in the foreground; pid, logs and temp files live under the prefix directory DIR:\n"
                + "#   nginx -p DIR -c DIR/nginx.conf -e DIR/error.log      (check first: nginx -t -p DIR ...)\n"
                + "# As root nginx starts its workers as 'nobody'; add a 'user' line to choose another.\n"
                + "worker_processes auto;\n"
                + "daemon off;\n"
                + "pid nginx.pid;\n"
                + "error_log error.log notice;\n\n"
                + "events {\n    worker_connections 4096;\n}\n\n"
                + "http {\n"
                + "    access_log off;\n"
                + "    client_body_temp_path client_body_temp;\n"
                + "    proxy_temp_path proxy_temp;\n"
                + "    fastcgi_temp_path fastcgi_temp;\n"
                + "    uwsgi_temp_path uwsgi_temp;\n"
                + "    scgi_temp_path scgi_temp;\n\n"
                + httpPart(r.key(), engine, "    ") + shadowLogFormat(r, engine, "    ") + "\n"
                + "    upstream ratelab_upstream {\n"
                + "        server " + hostPort(r.upstreamHost(), r.upstreamPort()) + ";\n"
                + "        keepalive 64;\n"
                + "    }\n\n"
                + "    server {\n"
                + "        listen " + r.listen() + ";\n\n"
                + rejectLocation(engine, "        ") + "\n"
                + "        location / {\n"
                + locationPart(engine, "            ")
                + shadowPart(r, engine, "            ", SHADOW_LOG)
                + "            proxy_pass http://ratelab_upstream" + upstreamPath + ";\n"
                + "            proxy_http_version 1.1;\n"
                + "            proxy_set_header Connection \"\";\n"
                + "            proxy_set_header Host $http_host;\n"
                + "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                + "            proxy_set_header X-Forwarded-Proto $scheme;\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    /** The http-context lines: the key map when needed, and the zone. */
    static String httpPart(KeyRule key, LimiterSpec engine, String indent) {
        StringBuilder b = new StringBuilder();
        String k = keyExpression(key);
        if (key.kind() == KeyRule.Kind.HEADER) {
            String var = "$http_" + key.header().toLowerCase(Locale.ROOT).replace('-', '_');
            b.append(indent).append("# requests without ").append(key.header()).append(" share the key '-'"
                    + " (nginx would not limit an empty key)\n");
            b.append(indent).append("map ").append(var).append(" $ratelab_key {\n")
                    .append(indent).append("    \"\" \"-\";\n")
                    .append(indent).append("    default ").append(var).append(";\n")
                    .append(indent).append("}\n");
        }
        b.append(indent).append("# 10m holds about 160,000 keys; nginx evicts the least recently used beyond that\n");
        if (engine.algorithm() == Algorithm.CONCURRENCY) {
            b.append(indent).append("limit_conn_zone ").append(k).append(" zone=").append(ZONE).append(":10m;\n");
        } else {
            b.append(indent).append("limit_req_zone ").append(k).append(" zone=").append(ZONE).append(":10m rate=")
                    .append(EngineMapping.nginxRateText(engine.rate())).append(";\n");
        }
        return b.toString();
    }

    /** The location-context lines. */
    static String locationPart(LimiterSpec engine, String indent) {
        if (engine.algorithm() == Algorithm.CONCURRENCY) {
            return indent + "limit_conn " + ZONE + " " + engine.concurrency() + ";\n"
                    + indent + "limit_conn_status 429;\n"
                    + indent + "error_page 429 @ratelab_limited;\n";
        }
        // nginx refuses burst=0 and delay=0; leaving them out means the same
        StringBuilder b = new StringBuilder(indent).append("limit_req zone=").append(ZONE);
        if (engine.burstOr(0) > 0) {
            b.append(" burst=").append(engine.burst());
        }
        if (Boolean.TRUE.equals(engine.nodelay())) {
            b.append(" nodelay");
        } else if (engine.delay() != null && engine.delay() > 0) {
            b.append(" delay=").append(engine.delay());
        }
        return b.append(";\n")
                .append(indent).append("limit_req_status 429;\n")
                .append(indent).append("error_page 429 @ratelab_limited;\n").toString();
    }

    /** The named location answering a rejection, with a static Retry-After. */
    private static String rejectLocation(LimiterSpec engine, String indent) {
        long retry = engine.algorithm() == Algorithm.CONCURRENCY ? 1
                : Math.max(1, (engine.rate().periodNanos() + engine.rate().count() * 1_000_000_000L - 1)
                / (engine.rate().count() * 1_000_000_000L));
        return indent + "# nginx sends no rate-limit headers of its own; this Retry-After is static: the time one"
                + " request's\n" + indent + "# allowance takes to come back, in whole seconds\n"
                + indent + "location @ratelab_limited {\n"
                + indent + "    add_header Retry-After " + retry + " always;\n"
                + indent + "    return 429 \"rate limited\\n\";\n"
                + indent + "}\n";
    }

    static String keyExpression(KeyRule key) {
        switch (key.kind()) {
            case GLOBAL: return "\"global\"";
            case IP: return "$binary_remote_addr";
            case HEADER: return "$ratelab_key";
            case ROUTE: return "\"$request_method $uri\"";
            default: throw new ExportException("key rule " + key + " has no nginx form");
        }
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
