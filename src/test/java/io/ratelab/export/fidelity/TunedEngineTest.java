package io.ratelab.export.fidelity;

import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.Exporter;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.tune.Target;
import io.ratelab.tune.TuneResult;
import io.ratelab.tune.Tuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tuner's answers on the real engines: every nginx candidate passes {@code nginx -t} and every HAProxy one
 * {@code haproxy -c} once exported; and the legitimate-rejected share the tuner predicts for its recommendation holds
 * within ±0.5 percentage points when a bursty multi-key trace is replayed through the exported nginx and HAProxy
 * (the {@link FidelityTest} harness). Skips, naming the binary, when an engine is not installed.
 */
class TunedEngineTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int KEYS = 24;

    @Test
    void everyNginxCandidatePassesNginxT(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        Scenario api = Scenario.read(Path.of("simulations/tune-api.yaml"));
        TuneResult r = Tuner.tune(api, Path.of("simulations"), Tuner.Options.of(Target.NGINX), null, null);
        // sparing 90% of clients leaves an excess to shape: delay=N candidates
        TuneSpec ninety = new TuneSpec(new TuneSpec.Spare(0.9, TuneSpec.Spare.CLIENTS), null, null, null, 1, 1);
        TuneResult shaped = Tuner.tune(api, Path.of("simulations"), new Tuner.Options(Target.NGINX, List.of(), null,
                null, ninety), null, null);
        List<TuneResult.Candidate> all = new ArrayList<>(r.candidates());
        all.addAll(shaped.candidates());
        List<String> failures = new ArrayList<>();
        int i = 0;
        int delayed = 0;
        for (TuneResult.Candidate c : all) {
            Path d = Files.createDirectories(dir.resolve("n" + i++));
            Path conf = d.resolve("nginx.conf");
            String config = export(ExportFormat.NGINX, c.spec());
            Files.writeString(conf, config);
            if (c.spec().delay() != null) {
                delayed++;
                assertTrue(config.contains(" burst=" + c.spec().burst() + " delay=" + c.spec().delay() + ";"), config);
            }
            EngineProcess.Result res = EngineProcess.check(List.of(EngineProcess.NGINX.toString(), "-t", "-p",
                    d.toString(), "-c", conf.toString(), "-e", d.resolve("error.log").toString()), d);
            if (res.exitCode() != 0) {
                failures.add(c.spec() + ": " + res.output());
            }
        }
        assertTrue(r.candidates().size() >= 20);
        assertTrue(delayed > 0, "delay=N candidates are exported and checked too");
        assertEquals(List.of(), failures);
    }

    @Test
    void everyHaproxyCandidatePassesHaproxyC(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        TuneResult r = Tuner.tune(Scenario.read(Path.of("simulations/tune-api.yaml")), Path.of("simulations"),
                Tuner.Options.of(Target.HAPROXY), null, null);
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (TuneResult.Candidate c : r.candidates()) {
            Path conf = dir.resolve("haproxy" + i++ + ".cfg");
            Files.writeString(conf, export(ExportFormat.HAPROXY, c.spec()));
            EngineProcess.Result res = EngineProcess.check(List.of(EngineProcess.HAPROXY.toString(), "-c", "-f",
                    conf.toString()), dir);
            if (res.exitCode() != 0) {
                failures.add(c.spec() + ": " + res.output());
            }
        }
        assertTrue(r.candidates().size() >= 20);
        assertEquals(List.of(), failures);
    }

    @Test
    void nginxRejectsTheShareTheTunerPredicted(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.NGINX);
        provePrediction(Target.NGINX, ExportFormat.NGINX, 31, dir);
    }

    @Test
    void haproxyRejectsTheShareTheTunerPredicted(@TempDir Path dir) throws Exception {
        EngineProcess.assumeInstalled(EngineProcess.HAPROXY);
        provePrediction(Target.HAPROXY, ExportFormat.HAPROXY, 32, dir);
    }

    /**
     * Tunes on a bursty multi-key trace (Poisson sends, whole milliseconds), makes the trace robust for the
     * recommended limiter (decisions 10 ms clear of the engine's boundaries) and tunes again until the recommendation
     * is stable, then replays it through the engine: the engine's rejected share is the prediction's, ±0.5 pp.
     */
    private static void provePrediction(Target target, ExportFormat format, long seed, Path dir) throws Exception {
        List<TracePlan.Send> plan = wholeMs(TracePlan.poisson(seed, KEYS, 6, 4 * SECOND, 5 * MS));
        TuneSpec objectives = new TuneSpec(new TuneSpec.Spare(0.75, TuneSpec.Spare.CLIENTS), null, null, null, 1, 1);
        TuneResult r = null;
        for (int round = 0; round < 4; round++) {
            r = tune(plan, target, objectives, dir);
            List<TracePlan.Send> robust = wholeMs(TracePlan.robust(plan, r.recommended().spec(), KEYS, 10 * MS));
            if (robust.equals(plan)) {
                break;
            }
            plan = robust;
        }
        double predicted = r.recommended().train().legitimateRejectedShare();
        assertTrue(predicted > 0, "the tuned limit should reject some of the busiest keys' sends: " + r.recommended());
        Path run = Files.createDirectories(dir.resolve("engine"));
        Fidelity.Result result = Fidelity.run("tuned " + r.recommended().spec(), format, r.recommended().spec(),
                KeyRule.IP, KEYS, plan, run);
        double atSend = rejectedShare(result.atSendInstants());
        double atClock = rejectedShare(result.atEngineClock());
        String report = String.format(Locale.ROOT, "predicted %.4f, engine %.4f (send instants) / %.4f (engine"
                + " clock): %s", predicted, atSend, atClock, result.atSendInstants());
        System.out.println("tuned fidelity " + report);
        assertEquals(0, result.atSendInstants().otherStatuses(), report);
        assertTrue(Math.abs(atSend - predicted) <= 0.005 || Math.abs(atClock - predicted) <= 0.005, report);
    }

    private static double rejectedShare(Fidelity.Report r) {
        return 1 - (double) r.engineAdmitted() / r.requests();
    }

    private static TuneResult tune(List<TracePlan.Send> plan, Target target, TuneSpec objectives, Path dir)
            throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,key\n");
        long base = 1_700_000_000_000L;
        for (TracePlan.Send s : plan) {
            csv.append(base + s.atNanos() / MS).append(",key-").append(s.key()).append('\n');
        }
        Files.writeString(dir.resolve("trace.csv"), csv);
        Files.writeString(dir.resolve("tuned.yaml"), """
                name: tuned-fidelity
                key: ip
                limiters: [{algorithm: token-bucket, rate: 1/s, burst: 1}]
                traffic: [{name: trace, trace: {path: trace.csv, format: csv}}]
                """);
        Scenario s = Scenario.read(dir.resolve("tuned.yaml"));
        return Tuner.tune(s, dir, new Tuner.Options(target, List.of(), null, 0.0, objectives), null, null);
    }

    /** The sends on whole milliseconds, the first at 0 (a trace's stamps are milliseconds, replayed from 0). */
    private static List<TracePlan.Send> wholeMs(List<TracePlan.Send> sends) {
        long first = sends.get(0).atNanos() / MS;
        List<TracePlan.Send> out = new ArrayList<>();
        for (TracePlan.Send s : sends) {
            out.add(new TracePlan.Send(s.key(), (s.atNanos() / MS - first) * MS));
        }
        return out;
    }

    private static String export(ExportFormat format, LimiterSpec spec) {
        return Exporter.forFormat(format).export(ExportRequest.of(spec, KeyRule.IP)).text();
    }
}
