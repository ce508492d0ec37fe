package io.ratelab.export;

import io.ratelab.limit.Durations;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * HAProxy: a stick-table storing {@code http_req_rate(P)}, {@code http-request track-sc0} on the key, and
 * {@code http-request deny deny_status 429 if { sc_http_req_rate(0) gt N }} in front of a backend with the upstream.
 * The table's {@code expire} is {@code 2P}: HAProxy forgets a counter's history after two idle periods anyway, so
 * expiring the entry then changes no decision. Keys: {@code global} tracks the constant {@code int(1)}, {@code ip}
 * the source address, {@code header:NAME} the header's value ({@code -} when absent, as in RateLab), {@code route}
 * {@code "METHOD path"}. The full config runs with {@code haproxy -f FILE -db}. Stateless and thread-safe.
 */
final class HaproxyExporter implements Exporter {

    /** The first word of a shadow export's log lines, where {@code ratelab verify} finds them. */
    static final String SHADOW_LOG_TAG = "ratelab-shadow";
    /** The response field a shadow export marks a would-be rejection with. */
    static final String SHADOW_FIELD = "X-RateLimit-Shadow";

    @Override
    public ExportFormat format() {
        return ExportFormat.HAPROXY;
    }

    @Override
    public ExportResult export(ExportRequest r) {
        EngineMapping m = EngineMapping.forHaproxy(r.limiter());
        ExportNotes.Notes notes = ExportNotes.forMapping(r, m, "HAProxy");
        if (r.shadow()) {
            notes.add("Shadow mode: the stick table tracks and counts every request exactly as when enforcing (denied"
                    + " requests are counted there too), but no rule denies. A request over the limit gets the variable"
                    + " txn.ratelab_shadow = would-reject, sent back as the response field " + SHADOW_FIELD
                    + " and logged by the log-format line that starts with '" + SHADOW_LOG_TAG + "' (time in ms,"
                    + " client, status, would-be decision, request line, key): grep -c ' would-reject ' on HAProxy's"
                    + " log counts the would-be rejections, and ratelab verify SCENARIO --limiter NAME LOG compares"
                    + " them, per second and per key, with what RateLab predicted (syslog prefixes are skipped). To"
                    + " enforce, export without --shadow: the set-var line becomes the deny.");
        }
        String head = ExportNotes.comment(notes.written(), "# ");
        if (r.snippet()) {
            return new ExportResult(head + "\n# --- in the frontend (or listen) section ---\n"
                    + frontendPart(r, m.engine()), "haproxy-snippet.cfg", notes.written(), notes.shown());
        }
        return new ExportResult(head + full(r, m.engine()), ExportFormat.HAPROXY.fileName(),
                notes.written(), notes.shown());
    }

    private static String full(ExportRequest r, LimiterSpec engine) {
        StringBuilder b = new StringBuilder()
                .append("#\n# Runs in the foreground: haproxy -f haproxy.cfg -db      (check first: haproxy -c -f"
                        + " haproxy.cfg)\n")
                .append("global\n    # maxconn: by default what the file-descriptor limit allows\n\n")
                .append("defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n"
                        + "    timeout server 30s\n    timeout http-keep-alive 10s\n\n")
                .append("frontend ratelab_in\n")
                .append("    bind ").append(r.listen()).append('\n')
                .append(r.shadow() ? "    # shadow mode: HAProxy's log on stdout (with -db), one line per request\n"
                        + "    log stdout format raw local0\n" : "")
                .append(frontendPart(r, engine))
                .append("    default_backend ratelab_upstream\n\n")
                .append("backend ratelab_upstream\n");
        if (!r.upstreamPathPrefix().isEmpty()) {
            b.append("    http-request set-path ").append(r.upstreamPathPrefix()).append("%[path]\n");
        }
        return b.append("    server app ").append(NginxExporter.hostPort(r.upstreamHost(), r.upstreamPort()))
                .append('\n').toString();
    }

    /** The frontend lines: table, key, track, deny. */
    static String frontendPart(ExportRequest r, LimiterSpec engine) {
        Duration p = engine.period();
        long threshold = engine.rate().countOver(p);
        String period = Durations.format(p);
        String expire = Durations.format(p.multipliedBy(2));
        KeyRule key = r.key();
        StringBuilder b = new StringBuilder();
        if (r.shadow()) {
            b.append("    # shadow mode: the arrival time (ms) for the log line ratelab verify reads\n")
                    .append("    http-request set-var(txn.ratelab_t) date(0,ms)\n");
        }
        b.append("    # ").append(threshold).append(" requests per ").append(period).append(" per key, measured by"
                + " HAProxy's sliding estimate over the current and previous period\n");
        b.append("    stick-table type ").append(tableType(r)).append(" size 1m expire ").append(expire)
                .append(" store http_req_rate(").append(period).append(")\n");
        switch (key.kind()) {
            case GLOBAL:
                b.append("    http-request track-sc0 int(1)\n");
                break;
            case IP:
                b.append("    http-request track-sc0 src\n");
                break;
            case HEADER:
                String h = key.header().toLowerCase(Locale.ROOT);
                b.append("    http-request set-var(txn.ratelab_key) req.hdr(").append(h).append(")\n")
                        .append("    http-request set-var(txn.ratelab_key) str(-) unless { req.hdr(").append(h)
                        .append(") -m found }\n")
                        .append("    http-request track-sc0 var(txn.ratelab_key)\n");
                break;
            case ROUTE:
                b.append("    http-request set-var-fmt(txn.ratelab_key) \"%[method] %[path]\"\n")
                        .append("    http-request track-sc0 var(txn.ratelab_key)\n");
                break;
            default:
                throw new ExportException("key rule " + key + " has no HAProxy form");
        }
        long retry = Math.max(1, (engine.rate().periodNanos() + engine.rate().count() * 1_000_000_000L - 1)
                / (engine.rate().count() * 1_000_000_000L));
        if (r.shadow()) {
            b.append("    # shadow mode: the request is counted before the check; over the limit it is marked, never"
                    + " denied\n");
            b.append("    http-request set-var(txn.ratelab_shadow) str(would-reject) if { sc_http_req_rate(0) gt ")
                    .append(threshold).append(" }\n");
            b.append("    http-response set-header ").append(SHADOW_FIELD)
                    .append(" %[var(txn.ratelab_shadow)] if { var(txn.ratelab_shadow) -m found }\n");
            b.append("    # this log-format replaces the frontend's own: ").append(SHADOW_LOG_TAG)
                    .append(" TIME_MS CLIENT STATUS DECISION \"REQUEST\" KEY\n");
            b.append("    log-format \"").append(SHADOW_LOG_TAG).append(" %[var(txn.ratelab_t)] %ci %ST")
                    .append(" %[var(txn.ratelab_shadow)] %{+Q}r ").append(logKey(key)).append("\"\n");
            return b.toString();
        }
        b.append("    # the request is counted before the check, denied ones too; Retry-After is static\n");
        b.append("    http-request deny deny_status 429 hdr Retry-After ").append(retry)
                .append(" if { sc_http_req_rate(0) gt ").append(threshold).append(" }\n");
        return b.toString();
    }

    /** The key as the shadow log writes it: what the stick table tracks. */
    private static String logKey(KeyRule key) {
        switch (key.kind()) {
            case GLOBAL: return "global";
            case IP: return "%ci";
            default: return "%[var(txn.ratelab_key)]";
        }
    }

    private static String tableType(ExportRequest r) {
        switch (r.key().kind()) {
            case GLOBAL: return "integer";
            case IP: return r.listen().isIpv6() ? "ipv6" : "ip";
            case HEADER: return "string len 128";
            default: return "string len 256";
        }
    }
}
