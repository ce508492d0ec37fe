package io.ratelab.export.fidelity;

import io.ratelab.export.EngineMapping;
import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.Exporter;
import io.ratelab.export.Verification;
import io.ratelab.export.VerificationReport;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimitAlgorithm;
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
import java.util.Arrays;
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
 * requests the enforcing limit rejected whenever the engine read both copies on one clock (see {@link #run}); and
 * {@code ratelab verify} reads that log and predicts it (see {@link #assertShadowMatches}). (Two engine processes
 * would not do: on a loaded machine one of them can stall past the trace's 10 ms margin and see a send late, which
 * changes that key's later decisions.) Skips, naming the binary, when nginx or HAProxy is not installed.
 */
class ShadowFidelityTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** The shadow export's nginx log line (the enforcing server logs in the same format). */
    private static final Pattern NGINX_LINE = Pattern.compile("\\[(?<clock>[0-9.]+)] \"GET /r(?<index>\\d+)"
            + " HTTP/1\\.1\" \\d{3} (?<took>[0-9.]+) (?<decision>\\S+)");
    private static final Pattern HAPROXY_SHADOW = Pattern.compile("ratelab-shadow (?<clock>\\d+) \\S+ \\d{3}"
            + " (?<decision>\\S+) \"GET /r(?<index>\\d+) HTTP/1\\.1\"");
    /** The line the test adds to the enforcing frontend: time, status (the decision), request. */
    private static final Pattern HAPROXY_ENFORCING = Pattern.compile("ratelab-enforcing (?<clock>\\d+)"
            + " (?<decision>\\d{3}) \"GET /r(?<index>\\d+) HTTP/1\\.1\"");

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
        LimiterSpec nginx = LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).rate(Rate.parse("5/s")).burst(4).delay(2)
                .build();
        assertShadowMatches(run(ExportFormat.NGINX, nginx, KeyRule.header("X-Api-Key"), 8,
                TracePlan.poisson(32, 8, 9, 3 * SECOND, 5 * MS), dir));
    }

    @Test
    void haproxyFixedWindowPerIp(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        LimiterSpec fw = LimiterSpec.builder(Algorithm.FIXED_WINDOW).rate(Rate.parse("5/s"))
                .window(Duration.ofSeconds(1)).build();
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
     * What the two limits said.
     *
     * @param rejected       sends the enforcing limit answered 429
     * @param wouldReject    sends the shadow limit's log marks as would-be rejections
     * @param compared       sends whose decisions were compared (see {@link #run})
     * @param differing      compared sends the two limits decided differently: must be none
     * @param splits         keys left out from the first send whose two copies the engine read on clocks far
     *                       enough apart to be decided differently
     * @param shadowStatuses how often the shadow limit answered something other than 200
     * @param otherStatuses  enforcing answers that were neither 200 nor 429
     * @param shadowUpstream requests the shadow limit's upstream saw
     * @param logged         shadow log lines read
     * @param verified       {@code ratelab verify} on the shadow log
     */
    record Result(String label, int requests, TreeSet<Integer> rejected, TreeSet<Integer> wouldReject, int compared,
                  List<Integer> differing, int splits, long shadowStatuses, long otherStatuses, long shadowUpstream,
                  int logged, VerificationReport verified) {
        @Override
        public String toString() {
            return label + ": " + requests + " requests, enforcing rejected " + rejected.size() + ", shadow log"
                    + " would-reject " + wouldReject.size() + " (" + logged + " lines); " + compared + " compared"
                    + " request by request, differing " + differing + ", " + splits + " keys left out after the"
                    + " engine read a send's two copies on decisively different clocks; shadow non-200 "
                    + shadowStatuses
                    + ", shadow upstream saw " + shadowUpstream;
        }
    }

    private static void assertShadowMatches(Result r) {
        System.out.println("shadow fidelity " + r);
        assertEquals(0, r.otherStatuses(), "enforcing answers are 200 or 429: " + r);
        assertTrue(r.rejected().size() > 0 && r.rejected().size() < r.requests(), "the trace exercises the limit: "
                + r);
        assertEquals(0, r.shadowStatuses(), "the shadow limit rejects nothing: " + r);
        assertEquals(r.requests(), r.shadowUpstream(), "the shadow limit forwards everything: " + r);
        assertEquals(r.requests(), r.logged(), "one shadow log line per request: " + r);
        assertEquals(List.of(), r.differing(), "on the same clock the shadow log's would-be rejections are exactly"
                + " the enforcing rejections: " + r);
        assertTrue(r.compared() >= r.requests() / 2, "most requests were compared: " + r);
        assertTrue(Math.abs(r.rejected().size() - r.wouldReject().size()) <= Math.max(1, 0.005 * r.requests()),
                "would-be rejections within 0.5% of the rejections overall: " + r);
        // ratelab verify on the engine's own log: the model at the engine's logged clock. nginx logs the millisecond
        // it decided on (FidelityTest's tolerance); HAProxy logs date, and after a stall of its process (100 ms and
        // more on a loaded machine) it moves its internal now_ms, on which it decides, apart from date to hide the
        // jump, so its log can be milliseconds off for a while: a looser bound there
        VerificationReport v = r.verified();
        System.out.print(v.text());
        assertEquals(r.requests(), v.compared(), v.text());
        assertEquals(r.wouldReject().size(), v.observedRejected(), v.text());
        boolean nginx = r.label().startsWith("nginx");
        double share = nginx ? 0.005 : 0.03;
        assertTrue(Math.abs(v.observedRejected() - v.predictedRejected()) <= Math.max(1, share * v.compared()),
                "predicted within " + share * 100 + "%: " + v.text());
        assertTrue(v.maxPerSecondDifference() <= (nginx ? 1 : 4), "each second close: " + v.text());
    }

    /**
     * Runs the pair and compares. Each send's two copies reach the engine microseconds apart, and the engine reads
     * them on the same or the next millisecond; but a loaded machine can stall it between the two, so that one copy
     * is decided milliseconds later than the other, and that key's two limits may then part legitimately. So both
     * limits log each request's clock ({@code $msec - $request_time}, HAProxy's {@code date(0,ms)}), the engine model
     * is fed each limit's readings, and each key is compared request by request up to its first send whose two
     * readings the model decides differently: equivalent inputs must give identical decisions.
     */
    static Result run(ExportFormat format, LimiterSpec requested, KeyRule key, int keys, List<TracePlan.Send> planned,
                      Path dir) throws IOException, InterruptedException {
        LimiterSpec engine = format == ExportFormat.NGINX ? EngineMapping.forNginx(requested).engine()
                : EngineMapping.forHaproxy(requested).engine();
        List<TracePlan.Send> sends = TracePlan.robust(planned, engine, keys, 10 * MS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        boolean nginx = format == ExportFormat.NGINX;
        try (CountingUpstream enforcingUpstream = new CountingUpstream();
             CountingUpstream shadowUpstream = new CountingUpstream()) {
            int enforcingPort = EngineProcess.freePort();
            int shadowPort = EngineProcess.freePort();
            ExportRequest request = ExportRequest.of(requested, key).withSnippet(true);
            String enforcing = Exporter.forFormat(format).export(request).text();
            String shadow = Exporter.forFormat(format).export(request.withShadow(true)).text();
            Path config = dir.resolve(format.fileName());
            Files.writeString(config, nginx
                    ? nginxPair(enforcing, enforcingPort, enforcingUpstream.port(), shadow, shadowPort,
                    shadowUpstream.port())
                    : haproxyPair(enforcing, enforcingPort, enforcingUpstream.port(), shadow, shadowPort,
                    shadowUpstream.port()));
            Path shadowLog = nginx ? dir.resolve("shadow.log") : dir.resolve("engine.log");
            Path enforcingLog = nginx ? dir.resolve("enforcing.log") : dir.resolve("engine.log");
            Replay.Outcome[] outcomes;
            try (EngineProcess process = EngineProcess.start(command(format, config, dir), dir, enforcingPort)) {
                outcomes = Replay.run(sends, new int[]{enforcingPort, shadowPort},
                        k -> key.kind() == KeyRule.Kind.IP ? Fidelity.sourceAddress(k) : null,
                        k -> key.kind() == KeyRule.Kind.HEADER ? key.header() + ": key-" + k + "\r\n" : "", 20);
                awaitLines(shadowLog, nginx ? SHADOW_TAG_NGINX : "ratelab-shadow ", sends.size(), 5_000);
                awaitLines(enforcingLog, nginx ? SHADOW_TAG_NGINX : "ratelab-enforcing ", sends.size(), 5_000);
            }
            int n = sends.size();
            TreeSet<Integer> rejected = new TreeSet<>();
            long other = 0;
            long shadowNon200 = 0;
            for (int i = 0; i < n; i++) {
                int s = outcomes[0].status()[i];
                if (s == 429) {
                    rejected.add(i);
                } else if (s != 200) {
                    other++;
                }
                shadowNon200 += outcomes[1].status()[i] == 200 ? 0 : 1;
            }
            Logged shadowLines = read(shadowLog, nginx ? NGINX_LINE : HAPROXY_SHADOW, n);
            Logged enforcingLines = read(enforcingLog, nginx ? NGINX_LINE : HAPROXY_ENFORCING, n);
            TreeSet<Integer> wouldReject = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                if (shadowLines.rejected[i]) {
                    wouldReject.add(i);
                }
            }
            // the model, fed each limit's own clock readings, says where the two limits' inputs stop being equivalent
            LimitAlgorithm model = engine.build();
            long[][] enforcingState = new long[keys][];
            long[][] shadowState = new long[keys][];
            boolean[] diverged = new boolean[keys];
            int splits = 0;
            int compared = 0;
            List<Integer> differing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = sends.get(i).key();
                long te = enforcingLines.clockMs[i] * MS;
                long ts = shadowLines.clockMs[i] * MS;
                if (diverged[k] || te < 0 || ts < 0) {
                    diverged[k] = true;
                    continue;
                }
                if (enforcingState[k] == null) {
                    enforcingState[k] = new long[model.stateSlots()];
                    model.initialize(enforcingState[k], 0, te);
                    shadowState[k] = new long[model.stateSlots()];
                    model.initialize(shadowState[k], 0, ts);
                }
                Boolean e = decided(model, enforcingState[k], te);
                Boolean sh = decided(model, shadowState[k], ts);
                if (e == null || !e.equals(sh)) {
                    diverged[k] = true;
                    splits++;
                    continue;
                }
                compared++;
                if (rejected.contains(i) != wouldReject.contains(i)) {
                    differing.add(i);
                }
            }
            VerificationReport verified = Verification.verify(requested, key, shadowLog,
                    Verification.Options.DEFAULT);
            return new Result(format + " " + requested.algorithm().id() + " by " + key, n, rejected, wouldReject,
                    compared, differing, splits, shadowNon200, other, shadowUpstream.requests(), shadowLines.count,
                    verified);
        }
    }

    /**
     * The model's decision on {@code state} at {@code t} (the state is updated), or null when it would differ 1 ms
     * earlier or later: a logged clock is the engine's decision clock only to the millisecond (nginx decides on its
     * monotonic millisecond and logs the wall-clock one; HAProxy logs {@code date} beside its internal
     * {@code now_ms}).
     */
    private static Boolean decided(LimitAlgorithm model, long[] state, long t) {
        boolean early = model.acquire(Arrays.copyOf(state, state.length), 0, t - MS, 1).allowed();
        boolean late = model.acquire(Arrays.copyOf(state, state.length), 0, t + MS, 1).allowed();
        boolean now = model.acquire(state, 0, t, 1).allowed();
        return now == early && now == late ? now : null;
    }

    private static final String SHADOW_TAG_NGINX = "\"GET /r";

    /** One log's clock reading (ms, -1 when absent) and decision per send. */
    private record Logged(long[] clockMs, boolean[] rejected, int count) {
    }

    /** Reads a log whose lines {@code pattern} matches with groups index, clock ms, request time, decision. */
    private static Logged read(Path log, Pattern pattern, int n) throws IOException {
        long[] clock = new long[n];
        Arrays.fill(clock, -1);
        boolean[] rejected = new boolean[n];
        int count = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = pattern.matcher(line);
            if (!m.find()) {
                continue;
            }
            int i = Integer.parseInt(m.group("index"));
            count++;
            String t = m.group("clock");
            clock[i] = t.contains(".")
                    ? Math.round(Double.parseDouble(t) * 1000) - Math.round(Double.parseDouble(m.group("took")) * 1000)
                    : Long.parseLong(t);
            String d = m.group("decision");
            rejected[i] = d.equals("REJECTED_DRY_RUN") || d.equals("REJECTED") || d.equals("would-reject")
                    || d.equals("429");
        }
        return new Logged(clock, rejected, count);
    }

    /**
     * One nginx (one worker, so both limits decide on one clock) with two servers: the enforcing snippet on
     * {@code enforcingPort}, logging in the shadow format too, and the shadow snippet on {@code shadowPort}, its
     * zone renamed so that the two limits count apart and its log in the prefix directory. Every limiting line is
     * the exporter's.
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
                + "    proxy_temp_path proxy_temp;\n    fastcgi_temp_path fastcgi_temp;\n"
                + "    uwsgi_temp_path uwsgi_temp;\n"
                + "    scgi_temp_path scgi_temp;\n"
                + e[1] + shadowHttp
                + server(enforcingPort, "access_log enforcing.log ratelab_shadow;\n" + e[2], e[3], enforcingUpstream)
                + server(shadowPort, s[2], s[3], shadowUpstream)
                + "}\n";
    }

    private static String server(int port, String serverPart, String locationPart, int upstream) {
        return "server {\n    listen 127.0.0.1:" + port + ";\n" + serverPart + "location / {\n" + locationPart
                + "    proxy_pass http://127.0.0.1:" + upstream + ";\n}\n}\n";
    }

    /**
     * One HAProxy (one thread, so both limits decide on one clock) with two frontends, each with its own stick
     * table: the enforcing snippet on {@code enforcingPort}, with a log line of its own (clock, status, request),
     * and the shadow snippet on {@code shadowPort}, both logging to stdout. Every limiting line is the exporter's.
     */
    static String haproxyPair(String enforcing, int enforcingPort, int enforcingUpstream, String shadow,
                              int shadowPort, int shadowUpstream) {
        String marker = "# --- in the frontend (or listen) section ---\n";
        String e = enforcing.substring(enforcing.indexOf(marker) + marker.length());
        String s = shadow.substring(shadow.indexOf(marker) + marker.length());
        return "global\n    nbthread 1\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n"
                + "    timeout server 30s\n\n"
                + "frontend enforcing\n    bind 127.0.0.1:" + enforcingPort + "\n    log stdout format raw local0\n"
                + "    http-request set-var(txn.ratelab_t) date(0,ms)\n"
                + "    log-format \"ratelab-enforcing %[var(txn.ratelab_t)] %ST %{+Q}r\"\n" + e
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

    /** Waits (bounded) until the log holds a line with {@code tag} for each request: engines log after answering. */
    private static void awaitLines(Path log, String tag, int n, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * MS;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains(tag)).count() >= n) {
                return;
            }
            // polling a child process's file: there is no event to wait on
            LockSupport.parkNanos(10 * MS);
        }
    }
}
