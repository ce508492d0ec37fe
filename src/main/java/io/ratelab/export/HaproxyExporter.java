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

    @Override
    public ExportFormat format() {
        return ExportFormat.HAPROXY;
    }

    @Override
    public ExportResult export(ExportRequest r) {
        EngineMapping m = EngineMapping.forHaproxy(r.limiter());
        List<String> notes = ExportNotes.forMapping(r, m, "HAProxy");
        String head = ExportNotes.comment(notes, "# ");
        if (r.snippet()) {
            return new ExportResult(head + "\n# --- in the frontend (or listen) section ---\n"
                    + frontendPart(r, m.engine()), "haproxy-snippet.cfg", notes);
        }
        return new ExportResult(head + full(r, m.engine()), ExportFormat.HAPROXY.fileName(), notes);
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
        b.append("    # the request is counted before the check, denied ones too; Retry-After is static\n");
        b.append("    http-request deny deny_status 429 hdr Retry-After ").append(retry)
                .append(" if { sc_http_req_rate(0) gt ").append(threshold).append(" }\n");
        return b.toString();
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
