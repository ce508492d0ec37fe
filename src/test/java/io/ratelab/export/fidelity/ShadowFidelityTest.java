package io.ratelab.export.fidelity;

import io.ratelab.export.EngineMapping;
import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.Exporter;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof of {@code export --shadow} on the real engines: the enforcing export and the shadow export of one
 * limiter run side by side in one engine process (two nginx servers or two HAProxy frontends, each with its own
 * zone or stick table, one worker thread so both decide on one clock), every send of a robust trace going to both
 * within microseconds. The shadow limit answers every request 200 and forwards it, and the would-be rejections its
 * log shows ({@code $limit_req_status} REJECTED_DRY_RUN, HAProxy's {@code would-reject} field) are exactly the
 * requests the enforcing limit rejected. (Two engine processes would not do: on a loaded machine one of them can
 * stall past the trace's 10 ms margin and see a send late, which changes that key's later decisions.) Skips, naming
 * the binary, when nginx or HAProxy is not installed.
 */
class ShadowFidelityTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final Pattern NGINX_LINE = Pattern.compile("\"GET /r(\\d+) HTTP/1\\.1\" (\\d{3}) \\S+ (\\S+)");
    private static final Pattern HAPROXY_LINE = Pattern.compile(
            "ratelab-shadow \\S+ \\S+ (\\d{3}) (\\S+) \"GET /r(\\d+) HTTP/1\\.1\"");

    @Test
    void nginxTokenBucketPerIp(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("4/s"), 3L);
        assertShadowMatches(run(ExportFormat.NGINX, tb, KeyRule.IP, 16,
                TracePlan.poisson(31, 16, 8, 3 * SECOND, 5 * MS), dir));
    }

    @Test
    void nginxDelayPerApiKey(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        LimiterSpec nginx = new LimiterSpec(null, Algorithm.NGINX_LIMIT_REQ, Rate.parse("5/s"), 4L, null, null,
                null, 2L, null, null, null);
        assertShadowMatches(run(ExportFormat.NGINX, nginx, KeyRule.header("X-Api-Key"), 8,
                TracePlan.poisson(32, 8, 9, 3 * SECOND, 5 * MS), dir));
    }

    @Test
    void haproxyFixedWindowPerIp(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        LimiterSpec fw = new LimiterSpec(null, Algorithm.FIXED_WINDOW, Rate.parse("5/s"), null, Duration.ofSeconds(1),
                null, null, null, null, null, null);
        assertShadowMatches(run(ExportFormat.HAPROXY, fw, KeyRule.IP, 16,
                TracePlan.poisson(41, 16, 8, 3 * SECOND, 5 * MS), dir));
    }

    @Test
    void haproxyTokenBucketPerApiKey(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("5/s"), 10L);
        assertShadowMatches(run(ExportFormat.HAPROXY, tb, KeyRule.header("X-Api-Key"), 8,
                TracePlan.poisson(42, 8, 9, 4 * SECOND, 5 * MS), dir));
    }

    /**
     * What the two engines said.
     *
     * @param rejected       sends the enforcing engine answered 429
     * @param wouldReject    sends the shadow engine's log marks as would-be rejections
     * @param shadowStatuses how often the shadow engine answered something other than 200
     * @param otherStatuses  enforcing answers that were neither 200 nor 429
     * @param shadowUpstream requests the shadow engine's upstream saw
     * @param logged         shadow log lines read
     */
    record Result(String label, int requests, TreeSet<Integer> rejected, TreeSet<Integer> wouldReject,
                  long shadowStatuses, long otherStatuses, long shadowUpstream, int logged) {
        @Override
        public String toString() {
            return label + ": " + requests + " requests, enforcing rejected " + rejected.size() + ", shadow log"
                    + " would-reject " + wouldReject.size() + " (" + logged + " lines), shadow non-200 "
                    + shadowStatuses + ", shadow upstream saw " + shadowUpstream;
        }
    }

    private static void assertShadowMatches(Result r) {
        System.out.println("shadow fidelity " + r);
        assertEquals(0, r.otherStatuses(), "enforcing answers are 200 or 429: " + r);
        assertTrue(r.rejected().size() > 0 && r.rejected().size() < r.requests(), "the trace exercises the limit: "
                + r);
        assertEquals(0, r.shadowStatuses(), "the shadow engine rejects nothing: " + r);
        assertEquals(r.requests(), r.shadowUpstream(), "the shadow engine forwards everything: " + r);
        assertEquals(r.requests(), r.logged(), "one shadow log line per request: " + r);
        assertEquals(r.rejected(), r.wouldReject(), "the shadow log's would-be rejections are exactly the enforcing"
                + " engine's rejections: " + r);
    }

    static Result run(ExportFormat format, LimiterSpec requested, KeyRule key, int keys, List<TracePlan.Send> planned,
                      Path dir) throws IOException, InterruptedException {
        LimiterSpec engine = format == ExportFormat.NGINX ? EngineMapping.forNginx(requested).engine()
                : EngineMapping.forHaproxy(requested).engine();
        List<TracePlan.Send> sends = TracePlan.robust(planned, engine, keys, 10 * MS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (CountingUpstream enforcingUpstream = new CountingUpstream();
             CountingUpstream shadowUpstream = new CountingUpstream()) {
            int enforcingPort = EngineProcess.freePort();
            int shadowPort = EngineProcess.freePort();
            ExportRequest request = ExportRequest.of(requested, key).withSnippet(true);
            String enforcing = Exporter.forFormat(format).export(request).text();
            String shadow = Exporter.forFormat(format).export(request.withShadow(true)).text();
            Path config = dir.resolve(format.fileName());
            Files.writeString(config, format == ExportFormat.NGINX
                    ? nginxPair(enforcing, enforcingPort, enforcingUpstream.port(), shadow, shadowPort,
                    shadowUpstream.port())
                    : haproxyPair(enforcing, enforcingPort, enforcingUpstream.port(), shadow, shadowPort,
                    shadowUpstream.port()));
            Path shadowLog = format == ExportFormat.NGINX ? dir.resolve("shadow.log") : dir.resolve("engine.log");
            Replay.Outcome[] outcomes;
            try (EngineProcess process = EngineProcess.start(command(format, config, dir), dir, enforcingPort)) {
                outcomes = Replay.run(sends, new int[]{enforcingPort, shadowPort},
                        k -> key.kind() == KeyRule.Kind.IP ? Fidelity.sourceAddress(k) : null,
                        k -> key.kind() == KeyRule.Kind.HEADER ? key.header() + ": key-" + k + "\r\n" : "", 20);
                awaitLines(shadowLog, sends.size(), 5_000);
            }
            TreeSet<Integer> rejected = new TreeSet<>();
            long other = 0;
            long shadowNon200 = 0;
            for (int i = 0; i < sends.size(); i++) {
                int s = outcomes[0].status()[i];
                if (s == 429) {
                    rejected.add(i);
                } else if (s != 200) {
                    other++;
                }
                shadowNon200 += outcomes[1].status()[i] == 200 ? 0 : 1;
            }
            TreeSet<Integer> wouldReject = new TreeSet<>();
            int logged = 0;
            for (String line : Files.readAllLines(shadowLog)) {
                Matcher m = (format == ExportFormat.NGINX ? NGINX_LINE : HAPROXY_LINE).matcher(line);
                if (m.find()) {
                    logged++;
                    boolean nginx = format == ExportFormat.NGINX;
                    String decision = nginx ? m.group(3) : m.group(2);
                    if (decision.equals(nginx ? "REJECTED_DRY_RUN" : "would-reject")) {
                        wouldReject.add(Integer.parseInt(nginx ? m.group(1) : m.group(3)));
                    }
                }
            }
            return new Result(format + " " + requested.algorithm().id() + " by " + key, sends.size(), rejected,
                    wouldReject, shadowNon200, other, shadowUpstream.requests(), logged);
        }
    }

    /**
     * One nginx (one worker, so both limits decide on one clock) with two servers: the enforcing snippet on
     * {@code enforcingPort}, the shadow snippet on {@code shadowPort}, its zone renamed so that the two limits
     * count apart and its log in the prefix directory. Every limiting line is the exporter's.
     */
    static String nginxPair(String enforcing, int enforcingPort, int enforcingUpstream, String shadow,
                            int shadowPort, int shadowUpstream) {
        String[] e = enforcing.split("# --- [^\\n]*---\\n");
        String[] s = shadow.replaceAll("zone=ratelab\\b", "zone=ratelab_shadow")
                .replace("/var/log/nginx/ratelab-shadow.log", "shadow.log").split("# --- [^\\n]*---\\n");
        String shadowHttp = s[1].replaceAll("(?s)map [^\\n]*\\{.*?\\n}\\n", "");
        return "worker_processes 1;\ndaemon off;\npid nginx.pid;\nerror_log error.log notice;\n"
                + "events {\n    worker_connections 4096;\n}\n"
                + "http {\n    access_log off;\n    client_body_temp_path client_body_temp;\n"
                + "    proxy_temp_path proxy_temp;\n    fastcgi_temp_path fastcgi_temp;\n    uwsgi_temp_path uwsgi_temp;\n"
                + "    scgi_temp_path scgi_temp;\n"
                + e[1] + shadowHttp
                + server(enforcingPort, e[2], e[3], enforcingUpstream)
                + server(shadowPort, s[2], s[3], shadowUpstream)
                + "}\n";
    }

    private static String server(int port, String serverPart, String locationPart, int upstream) {
        return "server {\n    listen 127.0.0.1:" + port + ";\n" + serverPart + "location / {\n" + locationPart
                + "    proxy_pass http://127.0.0.1:" + upstream + ";\n}\n}\n";
    }

    /**
     * One HAProxy (one thread, so both limits decide on one clock) with two frontends, each with its own stick
     * table: the enforcing snippet on {@code enforcingPort}, the shadow snippet, logging to stdout, on
     * {@code shadowPort}. Every limiting line is the exporter's.
     */
    static String haproxyPair(String enforcing, int enforcingPort, int enforcingUpstream, String shadow,
                              int shadowPort, int shadowUpstream) {
        String marker = "# --- in the frontend (or listen) section ---\n";
        String e = enforcing.substring(enforcing.indexOf(marker) + marker.length());
        String s = shadow.substring(shadow.indexOf(marker) + marker.length());
        return "global\n    nbthread 1\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n"
                + "    timeout server 30s\n\n"
                + "frontend enforcing\n    bind 127.0.0.1:" + enforcingPort + "\n" + e
                + "    default_backend enforcing_upstream\n\n"
                + "frontend shadow\n    bind 127.0.0.1:" + shadowPort + "\n    log stdout format raw local0\n" + s
                + "    default_backend shadow_upstream\n\n"
                + "backend enforcing_upstream\n    server app 127.0.0.1:" + enforcingUpstream + "\n\n"
                + "backend shadow_upstream\n    server app 127.0.0.1:" + shadowUpstream + "\n";
    }

    private static List<String> command(ExportFormat format, Path config, Path dir) {
        return format == ExportFormat.NGINX
                ? List.of(EngineProcess.NGINX.toString(), "-p", dir.toString(), "-c", config.toString(), "-e",
                dir.resolve("error.log").toString())
                : List.of(EngineProcess.HAPROXY.toString(), "-f", config.toString(), "-db");
    }

    /** Waits (bounded) until the log holds a line for each request: engines log after answering. */
    private static void awaitLines(Path log, int n, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * MS;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && count(log) >= n) {
                return;
            }
            // polling a child process's file: there is no event to wait on
            LockSupport.parkNanos(10 * MS);
        }
    }

    private static long count(Path log) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        return lines.stream().filter(l -> l.contains("\"GET /r")).count();
    }
}
