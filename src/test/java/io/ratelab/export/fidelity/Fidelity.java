package io.ratelab.export.fidelity;

import io.ratelab.export.EngineMapping;
import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.Exporter;
import io.ratelab.export.ListenAddress;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.Locale;

/**
 * One fidelity run: export a limiter for nginx or HAProxy, start the real engine on that config in front of a
 * counting upstream, replay a robust trace through it, and compare the engine's answers with the engine model's
 * decisions at the measured send instants.
 */
final class Fidelity {

    private static final long MS = 1_000_000L;
    private static final boolean DEBUG = Boolean.getBoolean("ratelab.fidelity.debug");

    /**
     * The agreement.
     *
     * @param requests          sends replayed
     * @param moved             planned sends moved to make their decisions robust
     * @param engineAdmitted    answered 200 by the engine
     * @param modelAdmitted     admitted by the model at the measured instants
     * @param mismatches        sends the two decided differently
     * @param maxPerSecondDelta the largest difference of admitted counts within one second of the replay
     * @param upstreamRequests  requests the upstream saw
     * @param otherStatuses     answers that were neither 200 nor 429
     */
    record Report(String label, int requests, int moved, long engineAdmitted, long modelAdmitted, long mismatches,
                  long maxPerSecondDelta, long upstreamRequests, long otherStatuses) {

        double admittedDifferencePercent() {
            return modelAdmitted == 0 ? 0 : (engineAdmitted - modelAdmitted) * 100.0 / modelAdmitted;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d requests (%d moved for robustness), engine admitted %d, model"
                            + " %d (%+.2f%%), %d per-request mismatches, per-second max delta %d, upstream saw %d",
                    label, requests, moved, engineAdmitted, modelAdmitted, admittedDifferencePercent(), mismatches,
                    maxPerSecondDelta, upstreamRequests);
        }
    }

    private Fidelity() {
    }

    /** The agreement at the measured send instants and at the engine's own logged clock. */
    record Result(Report atSendInstants, Report atEngineClock) {
    }

    static Result run(String label, ExportFormat format, LimiterSpec requested, KeyRule key, int keys,
                      List<TracePlan.Send> planned, Path dir) throws IOException, InterruptedException {
        LimiterSpec engine = format == ExportFormat.NGINX ? EngineMapping.forNginx(requested).engine()
                : EngineMapping.forHaproxy(requested).engine();
        List<TracePlan.Send> sends = TracePlan.robust(planned, engine, keys, 10 * MS);
        Set<TracePlan.Send> original = new HashSet<>(planned);
        int moved = (int) sends.stream().filter(s -> !original.contains(s)).count();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (CountingUpstream upstream = new CountingUpstream()) {
            int port = EngineProcess.freePort();
            ExportRequest request = ExportRequest.of(requested, key)
                    .withListen(new ListenAddress("127.0.0.1", port))
                    .withUpstream(URI.create("http://127.0.0.1:" + upstream.port()));
            Path config = dir.resolve(format.fileName());
            Files.writeString(config, withRequestLog(format, Exporter.forFormat(format).export(request).text()));
            List<String> command = format == ExportFormat.NGINX
                    ? List.of(EngineProcess.NGINX, "-p", dir.toString(), "-c", config.toString(), "-e",
                    dir.resolve("error.log").toString())
                    : List.of(EngineProcess.HAPROXY, "-f", config.toString(), "-db");
            Replay.Outcome outcome;
            String engineLog;
            Path logFile = format == ExportFormat.NGINX ? dir.resolve("fidelity.log") : dir.resolve("engine.log");
            EngineProcess process = EngineProcess.start(command, dir, port);
            try {
                outcome = Replay.run(sends, port, k -> key.kind() == KeyRule.Kind.IP ? sourceAddress(k) : null,
                        k -> key.kind() == KeyRule.Kind.HEADER ? key.header() + ": key-" + k + "\r\n" : "", 20);
                // the engine logs a transaction after answering it: stopping it at once can lose the last lines
                awaitLogged(logFile, sends.size(), 5_000);
            } finally {
                process.close();
            }
            engineLog = Files.readString(logFile);
            long[] engineNanos = engineClock(engineLog, sends.size());
            return new Result(
                    compare(label + " [send instants]", engine, keys, sends, outcome.sentNanos(), outcome, moved,
                            upstream.requests()),
                    compare(label + " [engine clock]", engine, keys, sends, engineNanos, outcome, moved,
                            upstream.requests()));
        }
    }

    /**
     * The exported config plus a request log giving each request's time on the engine's own millisecond clock
     * (nginx: {@code $msec - $request_time}, the cached clock when the request started; HAProxy: {@code date(0,ms)}
     * taken by the first http-request rule). Logging only; the limiting lines are the export's, untouched.
     */
    static String withRequestLog(ExportFormat format, String config) {
        if (format == ExportFormat.NGINX) {
            return replaceOnce(config, "    access_log off;\n", "    log_format ratelab_fidelity '$request_uri"
                    + " $status $msec $request_time';\n    access_log fidelity.log ratelab_fidelity;\n");
        }
        return replaceOnce(config, "frontend ratelab_in\n", "frontend ratelab_in\n    log stdout format raw local0\n"
                + "    log-format \"%HU %ST %[var(txn.ratelab_t)]\"\n"
                + "    http-request set-var(txn.ratelab_t) date(0,ms)\n");
    }

    private static String replaceOnce(String text, String what, String with) {
        if (!text.contains(what)) {
            throw new IllegalStateException("the export no longer contains '" + what.strip() + "'");
        }
        return text.replace(what, with);
    }

    /** Waits (bounded) until the engine's request log holds a line for each of the {@code n} requests. */
    private static void awaitLogged(Path log, int n, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && Files.readAllLines(log).stream().filter(l -> l.trim().startsWith("/r")).count() >= n) {
                return;
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    /** Each send's engine time in ns (ms resolution), from the request log lines {@code /rI STATUS MS [RT]}. */
    private static long[] engineClock(String log, int n) {
        long[] ms = new long[n];
        Arrays.fill(ms, -1);
        for (String line : log.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 3 || !f[0].startsWith("/r")) {
                continue;
            }
            int i = Integer.parseInt(f[0].substring(2));
            ms[i] = f[2].contains(".")
                    ? Math.round(Double.parseDouble(f[2]) * 1000) - Math.round(Double.parseDouble(f[3]) * 1000)
                    : Long.parseLong(f[2]);
        }
        long base = Arrays.stream(ms).filter(v -> v >= 0).min().orElseThrow(
                () -> new IllegalStateException("the engine logged no request"));
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            if (ms[i] < 0) {
                throw new IllegalStateException("the engine logged no line for request /r" + i);
            }
            nanos[i] = (ms[i] - base + 1000) * MS;
        }
        return nanos;
    }

    static InetAddress sourceAddress(int key) {
        try {
            return InetAddress.getByAddress(new byte[]{127, 0, (byte) (key / 200), (byte) (10 + key % 200)});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Report compare(String label, LimiterSpec engine, int keys, List<TracePlan.Send> sends,
                                  long[] times, Replay.Outcome o, int moved, long upstreamRequests) {
        LimitAlgorithm algo = engine.build();
        long[][] state = new long[keys][];
        long first = Arrays.stream(times).min().orElseThrow();
        int seconds = (int) ((Arrays.stream(times).max().orElseThrow() - first) / 1_000_000_000L) + 1;
        long[] enginePerSecond = new long[seconds];
        long[] modelPerSecond = new long[seconds];
        long engineAdmitted = 0;
        long modelAdmitted = 0;
        long mismatches = 0;
        long other = 0;
        Integer[] order = new Integer[sends.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // the model takes each key's requests in the order the clock in question saw them
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> times[i]).thenComparingInt(i -> i));
        for (int i : order) {
            int k = sends.get(i).key();
            long t = times[i];
            if (state[k] == null) {
                state[k] = new long[algo.stateSlots()];
                algo.initialize(state[k], 0, t);
            }
            boolean model = algo.acquire(state[k], 0, t, 1).allowed();
            int status = o.status()[i];
            boolean real = status == 200;
            other += status == 200 || status == 429 ? 0 : 1;
            int sec = (int) ((t - first) / 1_000_000_000L);
            if (real) {
                engineAdmitted++;
                enginePerSecond[sec]++;
            }
            if (model) {
                modelAdmitted++;
                modelPerSecond[sec]++;
            }
            if (real != model) {
                mismatches++;
                if (DEBUG) {
                    System.out.printf(Locale.ROOT, "mismatch #%d key %d at %.3f ms (%.3f ms after the previous send):"
                            + " engine %d, model %s%n", i, k, (t - first) / 1e6,
                            i == 0 ? 0 : (t - times[i - 1]) / 1e6, status, model);
                }
            }
        }
        long maxDelta = 0;
        for (int s = 0; s < seconds; s++) {
            maxDelta = Math.max(maxDelta, Math.abs(enginePerSecond[s] - modelPerSecond[s]));
        }
        return new Report(label, sends.size(), moved, engineAdmitted, modelAdmitted, mismatches, maxDelta,
                upstreamRequests, other);
    }
}
