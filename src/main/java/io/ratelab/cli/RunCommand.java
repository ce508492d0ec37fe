package io.ratelab.cli;

import io.ratelab.limit.Durations;
import io.ratelab.load.ClientKeys;
import io.ratelab.load.ConnectionBound;
import io.ratelab.load.ConnectionStats;
import io.ratelab.load.LoadResult;
import io.ratelab.load.OpenLoopGenerator;
import io.ratelab.metrics.HlogWriter;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.report.ReportFiles;
import io.ratelab.report.Verdict;
import io.ratelab.report.RunReport;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TraceReports;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.traffic.trace.TraceReadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ratelab run FILE [--report DIR]}: a scenario live. Starts the demo upstream modelled on the scenario's
 * upstream, then for each limiter in turn the limiting proxy in front of it, drives the scenario's traffic plan
 * through the proxy with the open-loop generator (the same arrivals, clients and retry policies the simulator
 * replays), prints a comparison and writes a report.
 *
 * <p>The demo upstream is the scenario's upstream model itself ({@link DemoUpstream.Spec#of}): the same service-time
 * distribution and sampler as the simulator, the same FIFO queue at {@code concurrency} with the same bound, the same
 * error rate. After each limiter it prints what the upstream served (service time drawn and as served, queue wait).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scenario live: demo upstream, the limiting proxy with each limiter in turn, real traffic.",
                "With replicas: N, each limiter runs as N proxies limiting alone, then as the shared limit (N proxies"
                        + " sharing Redis with store: redis, else one proxy); traffic is spread round-robin.",
                "With --report: summary.json, summary.csv, <limiter>.timeline.csv, <limiter>.hlog and"
                        + " <limiter>/report.html (+ report.json, CSVs)."})
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a scenario file, YAML (.yaml/.yml) or JSON")
    Path file;

    @Option(names = "--report", paramLabel = "DIR", description = "write the report files into this directory")
    Path report;

    @Option(names = "--connections", defaultValue = "256", paramLabel = "N",
            description = "keep-alive connection budget of the generator, split over its clients' source addresses"
                    + " under an ip key, else over its IO threads (at least one each; default ${DEFAULT-VALUE}); at"
                    + " most what the file limit allows are open at"
                    + " once (3 descriptors each, the proxy being in this process; at most 9/10 of the proxies'"
                    + " clients.maxConnections), least recently used idle ones closed first. Under an ip key with"
                    + " more client addresses than that, each client sends its address in X-Forwarded-For from"
                    + " 127.0.0.1, which the proxy then trusts, as behind a load balancer")
    int connections;

    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "DURATION",
            description = "first warm up, unmeasured, so that no limiter pays for a cold JVM: this long at 3000"
                    + " requests a second through throwaway proxies (half admitted, half rejected) in front of an"
                    + " instant upstream, then this long of the scenario's traffic through a throwaway proxy (the"
                    + " first limiter) and upstream, twice, each time fresh (default ${DEFAULT-VALUE}; 0s for none)")
    String warmup;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LiveRig rig;
        try {
            rig = new LiveRig(connections, Durations.parse(warmup).toNanos());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup: " + e.getMessage());
        }
        if (InputFiles.isMissing(file, err)) {
            return InputFiles.BAD_INPUT;
        }
        Scenario scenario;
        try {
            scenario = Scenario.read(file);
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return InputFiles.BAD_INPUT;
        }
        Path base = file.toAbsolutePath().getParent();
        TrafficPlan first = scenario.trafficPlan(base);
        String tooMuch = Scenario.liveWorkProblem(first);
        if (tooMuch != null) {
            err.println(file + ": " + tooMuch);
            return InputFiles.BAD_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            scenario.checkLive();
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return InputFiles.BAD_INPUT;
        }
        List<TraceReadReport> traces = TraceReports.of(scenario, first);
        traces.forEach(err::println);
        LiveReport results = new LiveReport(traces);
        rig.warmUp(scenario, first, err);
        for (ScenarioLimiter limiter : scenario.limiters()) {
            for (Deployment d : deployments(scenario, limiter)) {
                // a fresh upstream per limiter, as the simulator has: an empty queue and the seed's first draws
                try (DemoUpstream upstream = DemoUpstream.start(LiveRig.upstreamSpec(scenario))) {
                    LoadResult r = runOne(rig, scenario, scenario.trafficPlan(base), limiter, d, upstream, err,
                            traces);
                    DemoUpstream.Stats served = upstream.stats();
                    results.add(d.label(), r, served);
                    err.println("  [" + d.label() + "] " + LiveReport.upstreamLine(served));
                    err.println("  [" + d.label() + "] " + connectionLine(r));
                    r.warnings().forEach(w -> err.println("!!! " + d.label() + ": " + w));
                    err.flush();
                }
            }
        }
        out.print(results.table(scenario.name()));
        out.flush();
        if (report != null) {
            results.write(report, scenario.name());
            out.println("report written to " + report);
        }
        return 0;
    }

    /**
     * How one limiter is deployed for a run: {@code proxies} proxies, each with its own limit or sharing one through
     * {@code redis} (null: local).
     */
    record Deployment(String label, int proxies, String redis) {
    }

    /**
     * One proxy per limiter; with {@code replicas: N > 1} two runs: N proxies each limiting alone ("NAME (N local)"),
     * then the shared limit ("NAME (shared)"): N proxies sharing one count through Redis with {@code store: redis},
     * else one proxy that sees all the traffic — what a perfectly shared limit decides.
     */
    static List<Deployment> deployments(Scenario s, ScenarioLimiter limiter) {
        int n = s.replicaCount();
        if (n == 1) {
            return List.of(new Deployment(limiter.name(), 1, s.sharedStore() ? s.redisUri() : null));
        }
        return List.of(new Deployment(io.ratelab.sim.Simulator.localName(limiter.name(), n), n, null),
                new Deployment(io.ratelab.sim.Simulator.sharedName(limiter.name()), s.sharedStore() ? n : 1,
                        s.sharedStore() ? s.redisUri() : null));
    }

    private LoadResult runOne(LiveRig rig, Scenario scenario, TrafficPlan plan, ScenarioLimiter limiter,
                              Deployment d, DemoUpstream upstream, PrintWriter err, List<TraceReadReport> traces)
            throws Exception {
        KeyRule key = limiter.keyOr(scenario.key());
        // a fresh Redis key prefix per run (the prefix holds the limiter's name), so no run inherits another's counts
        io.ratelab.limit.LimiterSpec spec = d.redis() == null ? limiter.spec()
                : limiter.spec().withName(runName(limiter.spec().name()));
        ProxyConfig config = LiveRig.proxyConfig(upstream, key, spec, d.redis(), d.proxies());
        ConnectionBound bound = LiveRig.bound(config, d.proxies());
        ClientKeys keys = ClientKeys.forRule(key, plan, bound.connections());
        config = LiveRig.throughFront(config, keys);
        List<LimitingProxy> proxies = new java.util.ArrayList<>();
        // the proxies' clock reads 0 when the generator's run clock starts, as the simulator's virtual time does
        io.ratelab.load.GeneratorClock clock = new io.ratelab.load.GeneratorClock();
        try {
            for (int i = 0; i < d.proxies(); i++) {
                proxies.add(LimitingProxy.start(config, clock));
                err.println("== " + d.label() + (d.proxies() > 1 ? " replica " + (i + 1) + "/" + d.proxies() : "")
                        + ": " + proxies.get(i).describe());
            }
            err.flush();
            OpenLoopGenerator g = rig.generator(proxies, plan, keys, bound, clock, line -> {
                err.println("  [" + d.label() + "] " + line.strip());
                err.flush();
            });
            LoadResult r = report == null ? g.run() : runReported(scenario, d.label(), limiter, g, traces);
            if (d.proxies() > 1) {
                err.print(replicaLines(proxies));
                err.flush();
            }
            return r;
        } finally {
            proxies.forEach(LimitingProxy::close);
        }
    }

    /** One line on what the generator's connections did (opened, idle ones closed to stay within the bound). */
    static String connectionLine(LoadResult r) {
        ConnectionStats c = r.connections();
        return String.format(Locale.ROOT, "generator connections: %d opened, %d idle ones closed to stay within"
                + " %d open at once (at most %d were)", c.opened(), c.closedIdle(), c.bound(), c.peakOpen());
    }

    /** What each replica counted itself: received, admitted, rejected, errors. */
    static String replicaLines(List<LimitingProxy> proxies) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < proxies.size(); i++) {
            var t = proxies.get(i).metrics().totals();
            out.append(String.format(Locale.ROOT, "  replica %d %s: received %d, admitted %d, rejected %d, errors %d%n",
                    i + 1, proxies.get(i).listenAddress(), t.received(), t.admitted(), t.rejected(), t.errors()));
        }
        return out.toString();
    }

    private LoadResult runReported(Scenario scenario, String label, ScenarioLimiter limiter, OpenLoopGenerator g,
                                   List<TraceReadReport> traces) throws Exception {
        Files.createDirectories(report);
        LoadResult r;
        try (HlogWriter hlog = new HlogWriter(report.resolve(LiveReport.fileName(label) + ".hlog"),
                System.currentTimeMillis(), scenario.name() + " / " + label)) {
            g.addIntervalListener(hlog);
            r = g.run();
        }
        RunReport html = new RunReport(scenario.name() + " / " + label, r.target(), r.targetRate(),
                List.of(new RunReport.LimiterChange(0, limiter.spec())), r.warnings(), r.metrics(), traces);
        ReportFiles.write(report.resolve(LiveReport.fileName(label)), html.document(), html.json());
        return r;
    }

    static String row(String name, int width, LoadResult r) {
        MetricsSnapshot m = r.metrics();
        return String.format(Locale.ROOT, "%-" + width + "s %9d %9.1f %9d %9d %9d %7d %8d %9.2f %9.2f %9.2f %9.2f%n",
                name, Verdict.OFFERED.total(m, -1), r.achievedRate(), Verdict.SENT.total(m, -1),
                Verdict.ACCEPTED.total(m, -1), Verdict.REJECTED.total(m, -1), Verdict.ERRORS.total(m, -1),
                m.total(CountedColumn.RETRY), m.byOutcome().admitted().p50Nanos() / 1e6,
                m.byOutcome().admitted().p99Nanos() / 1e6, m.byOutcome().rejected().p50Nanos() / 1e6,
                m.correctedSummary().p99Nanos() / 1e6);
    }

    /** {@code name} with a suffix unique to this run, within the longest name a limiter may have. */
    private static String runName(String name) {
        String suffix = "-" + Long.toString(System.nanoTime(), 36);
        int keep = Math.min(name.length(), io.ratelab.limit.LimiterSpec.MAX_NAME_LENGTH - suffix.length());
        return name.substring(0, keep) + suffix;
    }
}
