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
import java.util.List;
import java.util.Locale;

/**
 * One fidelity run: export a limiter for nginx or HAProxy, start the real engine on that config in front of a
 * counting upstream, replay a robust trace through it, and compare the engine's answers with the engine model's
 * decisions at the measured send instants.
 */
final class Fidelity {

    private static final long MS = 1_000_000L;

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

    static Report run(String label, ExportFormat format, LimiterSpec requested, KeyRule key, int keys,
                      List<TracePlan.Send> planned, Path dir) throws IOException, InterruptedException {
        LimiterSpec engine = format == ExportFormat.NGINX ? EngineMapping.forNginx(requested).engine()
                : EngineMapping.forHaproxy(requested).engine();
        List<TracePlan.Send> sends = TracePlan.robust(planned, engine, keys, 3 * MS);
        int moved = (int) java.util.stream.IntStream.range(0, sends.size())
                .filter(i -> !planned.contains(sends.get(i))).count();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (CountingUpstream upstream = new CountingUpstream()) {
            int port = EngineProcess.freePort();
            ExportRequest request = ExportRequest.of(requested, key)
                    .withListen(new ListenAddress("127.0.0.1", port))
                    .withUpstream(URI.create("http://127.0.0.1:" + upstream.port()));
            Path config = dir.resolve(format.fileName());
            Files.writeString(config, Exporter.forFormat(format).export(request).text());
            List<String> command = format == ExportFormat.NGINX
                    ? List.of(EngineProcess.NGINX.toString(), "-p", dir.toString(), "-c", config.toString(), "-e",
                    dir.resolve("error.log").toString())
                    : List.of(EngineProcess.HAPROXY.toString(), "-f", config.toString(), "-db");
            Replay.Outcome outcome;
            try (EngineProcess ignored = EngineProcess.start(command, dir, port)) {
                outcome = Replay.run(sends, port, k -> key.kind() == KeyRule.Kind.IP ? sourceAddress(k) : null,
                        k -> key.kind() == KeyRule.Kind.HEADER ? key.header() + ": key-" + k + "\r\n" : "", 20);
            }
            return compare(label, engine, keys, sends, outcome, moved, upstream.requests());
        }
    }

    static InetAddress sourceAddress(int key) {
        try {
            return InetAddress.getByAddress(new byte[]{127, 0, (byte) (key / 200), (byte) (10 + key % 200)});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Report compare(String label, LimiterSpec engine, int keys, List<TracePlan.Send> sends,
                                  Replay.Outcome o, int moved, long upstreamRequests) {
        LimitAlgorithm algo = engine.build();
        long[][] state = new long[keys][];
        long first = o.sentNanos()[0];
        int seconds = (int) ((o.sentNanos()[sends.size() - 1] - first) / 1_000_000_000L) + 1;
        long[] enginePerSecond = new long[seconds];
        long[] modelPerSecond = new long[seconds];
        long engineAdmitted = 0;
        long modelAdmitted = 0;
        long mismatches = 0;
        long other = 0;
        for (int i = 0; i < sends.size(); i++) {
            int k = sends.get(i).key();
            long t = o.sentNanos()[i];
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
            mismatches += real == model ? 0 : 1;
        }
        long maxDelta = 0;
        for (int s = 0; s < seconds; s++) {
            maxDelta = Math.max(maxDelta, Math.abs(enginePerSecond[s] - modelPerSecond[s]));
        }
        return new Report(label, sends.size(), moved, engineAdmitted, modelAdmitted, mismatches, maxDelta,
                upstreamRequests, other);
    }
}
