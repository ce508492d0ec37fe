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
        Scenario scenario;
        try {
            scenario = Scenario.read(file);
        } catch (ScenarioException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        LiveReport results = new LiveReport();
        try (DemoUpstream upstream = DemoUpstream.start(upstreamSpec(scenario))) {
            warmUp(scenario.trafficPlan(base), upstream, err);
            for (ScenarioLimiter limiter : scenario.limiters()) {
                LoadResult r = runOne(scenario, scenario.trafficPlan(base), limiter, upstream, err);
                results.add(limiter.name(), r);
                r.warnings().forEach(w -> err.println("!!! " + limiter.name() + ": " + w));
                err.flush();
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

    private LoadResult runOne(Scenario scenario, TrafficPlan plan, ScenarioLimiter limiter, DemoUpstream upstream,
                              PrintWriter err) throws Exception {
        KeyRule key = limiter.keyOr(scenario.key());
        ProxyConfig config = new ProxyConfig(HostPort.parse("127.0.0.1:0"),
                URI.create("http://" + upstream.listenAddress()), HostPort.parse("127.0.0.1:0"),
                key, null, limiter.spec(), null, null, null, null, 1,
                null, null, null);
        try (LimitingProxy proxy = LimitingProxy.start(config)) {
            err.println("== " + limiter.name() + ": " + proxy.describe());
            err.flush();
            OpenLoopGenerator g = new OpenLoopGenerator(HttpTarget.parse("http://" + proxy.listenAddress() + "/"),
                    plan, ClientKeys.forRule(key), LoadOptions.defaults().withConnections(connections));
            g.addIntervalListener(new ProgressLine(line -> {
                err.println("  [" + limiter.name() + "] " + line.strip());
                err.flush();
            }, true));
            if (report == null) {
                return g.run();
            }
            Files.createDirectories(report);
            LoadResult r;
            try (HlogWriter hlog = new HlogWriter(report.resolve(LiveReport.fileName(limiter.name()) + ".hlog"),
                    System.currentTimeMillis(), scenario.name() + " / " + limiter.name())) {
                g.addIntervalListener(hlog);
                r = g.run();
            }
            RunReport html = new RunReport(scenario.name() + " / " + limiter.name(), r.target(), r.targetRate(),
                    List.of(new RunReport.LimiterChange(0, limiter.spec())), r.warnings(), r.metrics());
            ReportFiles.write(report.resolve(LiveReport.fileName(limiter.name())), html.document(), html.json());
            return r;
        }
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

    static String row(String name, LoadResult r) {
        MetricsSnapshot m = r.metrics();
        return String.format(Locale.ROOT, "%-20s %10d %10.1f %8d %8d %8d %8d %10.2f %10.2f %10.2f%n", name, r.sent(),
                r.achievedRate(), m.total(Outcome.STATUS_200),
                m.total(Outcome.STATUS_429),
                m.total(Outcome.STATUS_5XX) + m.total(Outcome.CONNECTION_ERROR),
                m.total(Outcome.RETRY), m.correctedSummary().p50Nanos() / 1e6,
                m.correctedSummary().p99Nanos() / 1e6, m.rawSummary().p99Nanos() / 1e6);
    }
}
