package io.ratelab.cli;

import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.Exporter;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.TraceReports;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.tune.Target;
import io.ratelab.tune.TuneResult;
import io.ratelab.traffic.trace.TraceReadReport;
import io.ratelab.tune.Tuner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ratelab tune FILE [--for nginx|haproxy|envoy|ratelab] [--algorithm A]... [--key K] [--holdout 30%]
 * [--json] [--export FORMAT [-o OUT]]}: from the scenario's traffic and its {@code tune:} objectives (each also a
 * flag here) to the limiter to deploy: the objectives, the frontier, the Pareto candidates, one recommendation with
 * its why; {@code --export} writes the recommendation through the exporters, with {@code export}'s own flags. Bad
 * input prints what and where and exits 2.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Choose the limiter to deploy from the scenario's traffic and stated objectives.",
                "Computes each key's exact rate-burst frontier, the quantile across keys that spares the share asked"
                        + " for, rounds candidates to what the target engine can express, simulates the best in"
                        + " full and recommends one, with why. Objectives come from the scenario's tune: section;"
                        + " each flag below overrides one key of it. An objective no candidate meets is reported"
                        + " with the closest candidates (exit 0)."})
public final class TuneCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a scenario: modelled traffic groups, trace groups, or both")
    Path file;

    @Option(names = "--for", paramLabel = "ENGINE", defaultValue = "ratelab",
            description = "nginx, haproxy, envoy or ratelab (default): what the limiter is deployed on")
    String target;

    @Option(names = "--algorithm", paramLabel = "A", description = "an algorithm to try (repeatable); default: the"
            + " engine's own (token-bucket for ratelab). For ratelab also gcra, leaky-bucket, envoy-local,"
            + " nginx-limit-req, haproxy-req-rate and the window algorithms fixed-window, sliding-log, sliding-window"
            + " (tuned as a limit N per window W)")
    List<String> algorithms = new ArrayList<>();

    @Option(names = "--key", paramLabel = "K", description = "the key rule (ip, header:NAME, route, global; parts"
            + " joined with +); default: the scenario's first limiter's")
    String key;

    @Option(names = "--holdout", paramLabel = "SHARE", description = "tune on the first part of the time span and"
            + " score again on the last SHARE (e.g. 30%%); default 30%% for data longer than 10 min, else none")
    String holdout;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--export", paramLabel = "FORMAT", description = "write the recommended limiter as nginx,"
            + " haproxy, envoy, k8s or ratelab (a complete config unless --snippet)")
    String export;

    @Option(names = "--spare", paramLabel = "SHARE", description = "tune.spare.share: legitimate share to pass"
            + " untouched, e.g. 99.9%%")
    String spare;

    @Option(names = "--spare-of", paramLabel = "WHAT", description = "tune.spare.of: clients or requests")
    String spareOf;

    @Option(names = "--legitimate", paramLabel = "GROUPS", split = ",", description = "tune.legitimate: all, or"
            + " the legitimate groups' names")
    List<String> legitimate;

    @Option(names = "--exclude-clients-above", paramLabel = "RATE", description = "tune.legitimate.exclude"
            + ".clientsAbove: keys with a higher mean rate are not legitimate")
    String excludeAbove;

    @Option(names = "--max-rate", paramLabel = "RATE", description = "tune.protect.maxRate: most admitted in any"
            + " second, e.g. 600/s")
    String maxRate;

    @Option(names = "--utilisation", paramLabel = "SHARE", description = "tune.protect.utilisation: the upstream"
            + " at most this busy, e.g. 80%%")
    String utilisation;

    @Option(names = "--p99", paramLabel = "DURATION", description = "tune.protect.p99: admitted latency p99 at most"
            + " this, e.g. 250ms")
    String p99;

    @Option(names = "--attack", paramLabel = "GROUP", description = "tune.attack: an existing group that is the"
            + " abuser")
    String attackGroup;

    @Option(names = "--attack-clients", paramLabel = "N", description = "tune.attack.clients: abusers added")
    Integer attackClients;

    @Option(names = "--attack-rate", paramLabel = "RATE", description = "tune.attack.rate: each abuser's rate")
    String attackRate;

    @Option(names = "--growth", paramLabel = "X", description = "tune.growth: legitimate traffic x X must still be"
            + " spared")
    Double growth;

    @Option(names = "--replicas", paramLabel = "N", description = "tune.replicas: proxies enforcing the limit")
    Integer replicas;

    @CommandLine.Mixin
    ExportFlags exportFlags = new ExportFlags();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return InputFiles.run(file, out, err, () -> tune(out, err));
    }

    private int tune(PrintWriter out, PrintWriter err) throws IOException {
        if (InputFiles.isMissing(file, err)) {
            return InputFiles.BAD_INPUT;
        }
        Scenario.Planned planned = Scenario.readPlanned(file);
        Scenario scenario = planned.scenario();
        Path dir = file.toAbsolutePath().getParent();
        Tuner.Options options = options(scenario);
        ExportFormat format = export == null ? null : ExportFormat.byId(export);
        TuneResult result = Tuner.tune(scenario, planned.plan(), options, null, null);
        // what reading each trace did (skipped, repaired, reordered, late lines): never silently
        List<TraceReadReport> traces = TraceReports.of(scenario, planned.plan());
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode root = FileFormats.json().valueToTree(result);
            root.putPOJO("traces", traces);
            out.println(FileFormats.json().writeValueAsString(root));
        } else {
            out.print(TuneReport.render(result));
            traces.forEach(out::println);
        }
        if (format != null) {
            ExportRequest r = ExportRequest.of(result.recommended().spec(), key(scenario, options))
                    .withTraffic(new ExportRequest.Traffic(scenario, dir));
            exportFlags.write(Exporter.forFormat(format).export(exportFlags.apply(r)), out, err);
        }
        return 0;
    }

    private static KeyRule key(Scenario s, Tuner.Options o) {
        return o.key() != null ? o.key() : s.limiters().get(0).keyOr(s.key());
    }

    private Tuner.Options options(Scenario s) {
        List<Algorithm> algs = algorithms.stream().map(Algorithm::byId).toList();
        Double hold = holdout == null ? null : (Double) TuneSpec.parseShare(holdout);
        KeyRule rule = key == null ? null : KeyRule.parse(key);
        TuneSpec objectives = objectives(s.tuneOrDefaults());
        objectives.checkGroups(s.traffic().stream().map(t -> t.name()).toList());
        return new Tuner.Options(Target.byId(target), algs, rule, hold, objectives);
    }

    /** The scenario's objectives with each flag given overriding its key. */
    TuneSpec objectives(TuneSpec t) {
        TuneSpec.Spare sp = t.spare();
        if (spare != null || spareOf != null) {
            sp = new TuneSpec.Spare(spare == null ? sp.share() : TuneSpec.parseShare(spare),
                    spareOf == null ? sp.of() : spareOf);
        }
        TuneSpec.Legitimate legit = t.legitimate();
        if (legitimate != null) {
            legit = legitimate.equals(List.of("all")) ? TuneSpec.Legitimate.ALL
                    : new TuneSpec.Legitimate(legitimate, legit.clientsAbove());
        }
        if (excludeAbove != null) {
            legit = new TuneSpec.Legitimate(legit.groups(), Rate.parse(excludeAbove));
        }
        TuneSpec.Protect pr = t.protect();
        if (maxRate != null || utilisation != null || p99 != null) {
            pr = new TuneSpec.Protect(maxRate != null ? Rate.parse(maxRate) : pr == null ? null : pr.maxRate(),
                    utilisation != null ? (Double) TuneSpec.parseShare(utilisation) : pr == null ? null : pr.utilisation(),
                    p99 != null ? Durations.parse(p99) : pr == null ? null : pr.p99());
        }
        TuneSpec.Attack at = t.attack();
        if (attackGroup != null) {
            at = new TuneSpec.Attack(null, null, attackGroup);
        } else if (attackClients != null || attackRate != null) {
            at = new TuneSpec.Attack(attackClients != null ? attackClients : at == null ? null : at.clients(),
                    attackRate != null ? Rate.parse(attackRate) : at == null ? null : at.rate(), null);
        }
        return new TuneSpec(sp, legit, pr, at, growth != null ? growth : t.growth(),
                replicas != null ? replicas : t.replicas());
    }
}
