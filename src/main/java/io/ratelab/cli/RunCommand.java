package io.ratelab.cli;

import io.ratelab.limit.Durations;
import io.ratelab.load.ClientKeys;
import io.ratelab.load.HttpTarget;
import io.ratelab.load.LoadOptions;
import io.ratelab.load.LoadResult;
import io.ratelab.load.OpenLoopGenerator;
import io.ratelab.load.ProgressLine;
import io.ratelab.metrics.HlogWriter;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.Outcome;
import io.ratelab.proxy.DemoUpstream;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.LatencyDistribution;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.report.ReportFiles;
import io.ratelab.report.RunReport;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.scenario.UpstreamSpec;
import io.ratelab.traffic.TrafficPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ratelab run FILE [--report DIR]}: a scenario live. Starts the demo upstream modelled on the scenario's
 * upstream, then for each limiter in turn the limiting proxy in front of it, drives the scenario's traffic plan
 * through the proxy with the open-loop generator (the same arrivals, clients and retry policies the simulator
 * replays), prints a comparison and writes a report.
 *
 * <p>The demo upstream takes the scenario's mean service time (constant: the median; exponential: median / ln 2;
 * lognormal: median·exp(σ²/2) with σ from the p99; uniform: the midpoint) in the same distribution family, and its
 * error rate; it serves without a concurrency bound, whereas the simulator queues at {@code concurrency}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scenario live: demo upstream, the limiting proxy with each limiter in turn, real traffic.",
                "With replicas: N, each limiter runs as N proxies limiting alone, then as the shared limit (N proxies"
                        + " sharing Redis with store: redis, else one proxy); traffic is spread round-robin.",
                "With --report: summary.json, summary.csv, <limiter>.timeline.csv, <limiter>.hlog and"
                        + " <limiter>/report.html (+ report.json, CSVs)."})
public final class RunCommand implements Callable<Integer> {

    private static final double Z99 = 2.3263;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a scenario file, YAML (.yaml/.yml) or JSON")
    Path file;

    @Option(names = "--report", paramLabel = "DIR", description = "write the report files into this directory")
    Path report;

    @Option(names = "--connections", defaultValue = "256", paramLabel = "N",
            description = "keep-alive connection budget of the generator (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--warmup", defaultValue = "2s", paramLabel = "DURATION",
            description = "first drive the traffic at the upstream this long, unmeasured, so that the first limiter"
                    + " does not pay for a cold JVM (default ${DEFAULT-VALUE}; 0s for none)")
    String warmup;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
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
        String tooMuch = Scenario.liveWorkProblem(scenario.trafficPlan(base));
        if (tooMuch != null) {
            err.println(file + ": " + tooMuch);
            return InputFiles.BAD_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        LiveReport results = new LiveReport();
        try (DemoUpstream upstream = DemoUpstream.start(upstreamSpec(scenario))) {
            warmUp(scenario.trafficPlan(base), upstream, err);
            for (ScenarioLimiter limiter : scenario.limiters()) {
                for (Deployment d : deployments(scenario, limiter)) {
                    LoadResult r = runOne(scenario, scenario.trafficPlan(base), limiter, d, upstream, err);
                    results.add(d.label(), r);
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

    private LoadResult runOne(Scenario scenario, TrafficPlan plan, ScenarioLimiter limiter, Deployment d,
                              DemoUpstream upstream, PrintWriter err) throws Exception {
        KeyRule key = limiter.keyOr(scenario.key());
        // a fresh Redis key prefix per run (the prefix holds the limiter's name), so no run inherits another's counts
        io.ratelab.limit.LimiterSpec spec = d.redis() == null ? limiter.spec()
                : limiter.spec().withName(runName(limiter.spec().name()));
        ProxyConfig config = new ProxyConfig(HostPort.parse("127.0.0.1:0"),
                URI.create("http://" + upstream.listenAddress()), HostPort.parse("127.0.0.1:0"),
                key, null, spec, null, null, null, null, 1,
                null, null, null, d.redis(), null, d.proxies(), null);
        List<LimitingProxy> proxies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < d.proxies(); i++) {
                proxies.add(LimitingProxy.start(config));
                err.println("== " + d.label() + (d.proxies() > 1 ? " replica " + (i + 1) + "/" + d.proxies() : "")
                        + ": " + proxies.get(i).describe());
            }
            err.flush();
            List<HttpTarget> targets = proxies.stream()
                    .map(p -> HttpTarget.parse("http://" + p.listenAddress() + "/")).toList();
            OpenLoopGenerator g = new OpenLoopGenerator(targets, plan, ClientKeys.forRule(key),
                    LoadOptions.defaults().withConnections(connections));
            g.addIntervalListener(new ProgressLine(line -> {
                err.println("  [" + d.label() + "] " + line.strip());
                err.flush();
            }, true));
            LoadResult r = report == null ? g.run() : runReported(scenario, d.label(), limiter, g);
            if (d.proxies() > 1) {
                err.print(replicaLines(proxies));
                err.flush();
            }
            return r;
        } finally {
            proxies.forEach(LimitingProxy::close);
        }
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

    private LoadResult runReported(Scenario scenario, String label, ScenarioLimiter limiter, OpenLoopGenerator g)
            throws Exception {
        Files.createDirectories(report);
        LoadResult r;
        try (HlogWriter hlog = new HlogWriter(report.resolve(LiveReport.fileName(label) + ".hlog"),
                System.currentTimeMillis(), scenario.name() + " / " + label)) {
            g.addIntervalListener(hlog);
            r = g.run();
        }
        RunReport html = new RunReport(scenario.name() + " / " + label, r.target(), r.targetRate(),
                List.of(new RunReport.LimiterChange(0, limiter.spec())), r.warnings(), r.metrics());
        ReportFiles.write(report.resolve(LiveReport.fileName(label)), html.document(), html.json());
        return r;
    }

    private void warmUp(TrafficPlan plan, DemoUpstream upstream, PrintWriter err) throws Exception {
        long nanos;
        try {
            nanos = Math.min(Durations.parse(warmup).toNanos(), plan.durationNanos());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup: " + e.getMessage());
        }
        if (nanos <= 0) {
            return;
        }
        TrafficPlan shortPlan = new TrafficPlan(plan.groups(), nanos, plan.seed());
        LoadResult w = new OpenLoopGenerator(HttpTarget.parse("http://" + upstream.listenAddress() + "/"), shortPlan,
                ClientKeys.none(), LoadOptions.defaults().withConnections(connections)).run();
        err.printf(Locale.ROOT, "warm-up against the upstream: %d requests in %.1f s (not counted)%n", w.sent(),
                nanos / 1e9);
        err.flush();
    }

    static DemoUpstream.Spec upstreamSpec(Scenario s) {
        UpstreamSpec u = s.upstream();
        LatencyDistribution latency = u == null
                ? new LatencyDistribution(LatencyDistribution.Kind.CONSTANT, Duration.ZERO)
                : distribution(u.serviceTime());
        return new DemoUpstream.Spec(HostPort.parse("127.0.0.1:0"), latency, u == null ? 0 : u.errorRateOrZero(), 0,
                s.seed(), 1);
    }

    private static LatencyDistribution distribution(ServiceTimeSpec t) {
        return switch (t.distribution()) {
            case CONSTANT -> new LatencyDistribution(LatencyDistribution.Kind.CONSTANT, t.median());
            case EXPONENTIAL -> new LatencyDistribution(LatencyDistribution.Kind.EXPONENTIAL,
                    Duration.ofNanos(Math.round(t.median().toNanos() / Math.log(2))));
            case LOGNORMAL -> {
                double sigma = Math.log((double) t.p99().toNanos() / t.median().toNanos()) / Z99;
                yield new LatencyDistribution(LatencyDistribution.Kind.LOGNORMAL,
                        Duration.ofNanos(Math.round(t.median().toNanos() * Math.exp(sigma * sigma / 2))));
            }
            case UNIFORM -> new LatencyDistribution(LatencyDistribution.Kind.UNIFORM,
                    t.min().plus(t.max()).dividedBy(2));
        };
    }

    static String row(String name, int width, LoadResult r) {
        MetricsSnapshot m = r.metrics();
        return String.format(Locale.ROOT, "%-" + width + "s %10d %10.1f %8d %8d %8d %8d %10.2f %10.2f %10.2f%n", name, r.sent(),
                r.achievedRate(), m.total(Outcome.STATUS_200),
                m.total(Outcome.STATUS_429),
                m.total(Outcome.STATUS_5XX) + m.total(Outcome.CONNECTION_ERROR),
                m.total(Outcome.RETRY), m.correctedSummary().p50Nanos() / 1e6,
                m.correctedSummary().p99Nanos() / 1e6, m.rawSummary().p99Nanos() / 1e6);
    }

    /** {@code name} with a suffix unique to this run, within the longest name a limiter may have. */
    private static String runName(String name) {
        String suffix = "-" + Long.toString(System.nanoTime(), 36);
        int keep = Math.min(name.length(), io.ratelab.limit.LimiterSpec.MAX_NAME_LENGTH - suffix.length());
        return name.substring(0, keep) + suffix;
    }
}
