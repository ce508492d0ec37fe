package io.ratelab.cli;

import io.ratelab.limit.Durations;
import io.ratelab.load.ClientKeys;
import io.ratelab.load.HttpTarget;
import io.ratelab.load.ConnectionBound;
import io.ratelab.load.ConnectionStats;
import io.ratelab.load.LoadOptions;
import io.ratelab.load.LoadResult;
import io.ratelab.load.OpenLoopGenerator;
import io.ratelab.load.ProgressLine;
import io.ratelab.metrics.HlogWriter;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.HostPort;
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
import io.ratelab.traffic.RateProfile;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.Spacing;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.traffic.trace.TraceReadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
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

    /**
     * How many times the warm-up runs, each through a fresh proxy, upstream and generator. One is not enough: the
     * code compiled in the first round assumes that round's threads and objects, and a fresh proxy's first requests
     * (new IO threads, their thread-local caches still empty) break those assumptions; the JVM then throws that code
     * away (JFR: 76 deoptimizations in the measured run's first second) and runs interpreted while recompiling. At
     * 20,000 requests a second on 2 cores that cost the first limiter of pulse-20k 4 s of late sends (admitted 98.1%
     * of its simulation) while a second, identical limiter landed within 0.2%. A second round takes that recompile.
     */
    static final int WARMUP_ROUNDS = 2;

    /**
     * Requests a second of the speed round that precedes the scenario's warm-up rounds ({@link #speedWarmUp}): high
     * enough that a default 5 s round calls each per-request method about 7,500 times on each path, past the JIT's
     * thresholds (C1 after about 200 calls, C2 after 5,000 to 15,000), and low enough for a cold JVM on 2 cores.
     */
    static final double SPEED_RATE = 3000;
    /** Clients of the speed round, each with its own identity under the scenario's key rule. */
    private static final int SPEED_CLIENTS = 8;
    private static final io.ratelab.limit.LimiterSpec ADMIT_ALL = speedLimit("1000000/s", 1_000_000);
    private static final io.ratelab.limit.LimiterSpec REJECT_ALL = speedLimit("1/h", 1);

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
        try {
            scenario.checkLive();
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return InputFiles.BAD_INPUT;
        }
        TrafficPlan first = scenario.trafficPlan(base);
        List<TraceReadReport> traces = TraceReports.of(scenario, first);
        traces.forEach(err::println);
        LiveReport results = new LiveReport(traces);
        speedWarmUp(scenario, first, err);
        for (int round = 1; round <= WARMUP_ROUNDS; round++) {
            try (DemoUpstream upstream = DemoUpstream.start(upstreamSpec(scenario))) {
                warmUp(scenario, first, upstream, round, err);
            }
        }
        for (ScenarioLimiter limiter : scenario.limiters()) {
            for (Deployment d : deployments(scenario, limiter)) {
                // a fresh upstream per limiter, as the simulator has: an empty queue and the seed's first draws
                try (DemoUpstream upstream = DemoUpstream.start(upstreamSpec(scenario))) {
                    LoadResult r = runOne(scenario, scenario.trafficPlan(base), limiter, d, upstream, err, traces);
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

    private LoadResult runOne(Scenario scenario, TrafficPlan plan, ScenarioLimiter limiter, Deployment d,
                              DemoUpstream upstream, PrintWriter err, List<TraceReadReport> traces)
            throws Exception {
        KeyRule key = limiter.keyOr(scenario.key());
        // a fresh Redis key prefix per run (the prefix holds the limiter's name), so no run inherits another's counts
        io.ratelab.limit.LimiterSpec spec = d.redis() == null ? limiter.spec()
                : limiter.spec().withName(runName(limiter.spec().name()));
        ProxyConfig config = proxyConfig(upstream, key, spec, d.redis(), d.proxies());
        ClientKeys keys = clientKeys(key, plan, config, d.proxies());
        config = throughFront(config, keys);
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
            OpenLoopGenerator g = generator(proxies, plan, keys, clock, line -> {
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

    /**
     * The generator in front of {@code proxies}, on {@code clock}, with a progress line to {@code progress}: built
     * here for the warm-up and the measured runs alike, so that the warm-up compiles the very code the runs execute
     * (a warm-up on another clock class left the runs' first second to deoptimized code).
     */
    private OpenLoopGenerator generator(List<LimitingProxy> proxies, TrafficPlan plan, ClientKeys keys,
                                        io.ratelab.load.GeneratorClock clock,
                                        java.util.function.Consumer<String> progress) {
        List<HttpTarget> targets = proxies.stream()
                .map(p -> HttpTarget.parse("http://" + p.listenAddress() + "/")).toList();
        ConnectionBound bound = openBound(proxies);
        progress.accept("generator: at most " + bound.describe() + " connections open at once");
        if (keys.throughFront()) {
            progress.accept("clients: " + plan.distinctAddresses() + " addresses, more than the generator may hold"
                    + " connections to: each sends its own in " + ClientKeys.FORWARDED_FOR + " from "
                    + ClientKeys.FRONT_ADDRESS + ", which the proxy trusts, as behind a load balancer");
        }
        OpenLoopGenerator g = new OpenLoopGenerator(targets, plan, keys,
                LoadOptions.defaults().withConnections(connections).withOpenBound(bound));
        clock.follow(g);
        g.addIntervalListener(new ProgressLine(progress, true));
        return g;
    }

    /**
     * How the clients show themselves to proxies built from {@code config} ({@code proxies} of them): by
     * {@link ClientKeys#forRule(KeyRule, TrafficPlan, int)}, through a front when there are more client addresses than
     * connections the generator may hold.
     */
    static ClientKeys clientKeys(KeyRule key, TrafficPlan plan, ProxyConfig config, int proxies) {
        long accepted = (long) config.clients().maxConnections() * proxies;
        return ClientKeys.forRule(key, plan, ConnectionBound.forProxiesInProcess(accepted).connections());
    }

    /** {@code config}, trusting the generator's front when {@code keys} go through one. */
    static ProxyConfig throughFront(ProxyConfig config, ClientKeys keys) {
        return keys.throughFront()
                ? config.toBuilder().trustedProxies(List.of(ClientKeys.FRONT_ADDRESS)).build() : config;
    }

    /** How many connections the generator may hold open at once in front of {@code proxies}, in this process. */
    static ConnectionBound openBound(List<LimitingProxy> proxies) {
        return ConnectionBound.forProxiesInProcess(
                proxies.stream().mapToLong(p -> p.config().clients().maxConnections()).sum());
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

    /**
     * The speed round, before the scenario's warm-up rounds: {@code --warmup} at {@link #SPEED_RATE} requests a
     * second from {@link #SPEED_CLIENTS} clients identified under the first limiter's key rule (source address or
     * header, as the runs' clients are), the first half through a fresh proxy whose limit admits everything, the
     * second through one whose limit rejects everything, both in front of an instant upstream; unmeasured. A
     * low-rate scenario's own rounds send too few requests for the JIT (30 a second: 150 per round), so its runs
     * executed interpreted and C1 code and compiled it during the measured window: shadow-loop's requests spent
     * 0.58-0.75 ms on the wire through proxy and upstream at the median, 0.27-0.40 ms after this round (README,
     * "Simulated vs live").
     */
    private void speedWarmUp(Scenario scenario, TrafficPlan plan, PrintWriter err) throws Exception {
        long nanos = warmupNanos(plan);
        if (nanos <= 0) {
            return;
        }
        KeyRule key = scenario.limiters().get(0).keyOr(scenario.key());
        TrafficPlan speed = new TrafficPlan(List.of(TrafficGroup.of("speed", SPEED_CLIENTS,
                RateProfile.constant(SPEED_RATE / SPEED_CLIENTS), Spacing.EVEN, RetryPolicy.none())),
                Math.max(1, nanos / 2), scenario.seed());
        long sent = 0;
        long admitted = 0;
        long rejected = 0;
        try (DemoUpstream upstream = DemoUpstream.start(DemoUpstream.Spec.of(null, scenario.seed()))) {
            for (io.ratelab.limit.LimiterSpec limit : List.of(ADMIT_ALL, REJECT_ALL)) {
                io.ratelab.load.GeneratorClock clock = new io.ratelab.load.GeneratorClock();
                // the clients show themselves as the runs' will (through a front when the scenario's are)
                ProxyConfig config = proxyConfig(upstream, key, limit, null, 1);
                ClientKeys keys = clientKeys(key, plan, config, 1);
                try (LimitingProxy proxy = LimitingProxy.start(throughFront(config, keys), clock)) {
                    MetricsSnapshot m = generator(List.of(proxy), speed, keys, clock, line -> { }).run().metrics();
                    sent += Verdict.SENT.total(m, -1);
                    admitted += Verdict.ACCEPTED.total(m, -1);
                    rejected += Verdict.REJECTED.total(m, -1);
                }
            }
        }
        err.printf(Locale.ROOT, "warm-up at speed through fresh proxies and an instant upstream: %d requests in %.1f s,"
                + " %d admitted, %d rejected (not counted)%n", sent, nanos / 1e9, admitted, rejected);
        err.flush();
    }

    private static io.ratelab.limit.LimiterSpec speedLimit(String rate, long burst) {
        return io.ratelab.limit.LimiterSpec.builder(io.ratelab.limit.Algorithm.TOKEN_BUCKET).name("warm-up")
                .rate(io.ratelab.limit.Rate.parse(rate)).burst(burst).build();
    }

    /** {@code --warmup}, at most the plan's duration. */
    private long warmupNanos(TrafficPlan plan) {
        try {
            return Math.min(Durations.parse(warmup).toNanos(), plan.durationNanos());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup: " + e.getMessage());
        }
    }

    /**
     * Drives the first {@code --warmup} of the traffic through a throwaway proxy with the first limiter in front of a
     * throwaway upstream, unmeasured: the generator's, the proxy's and the upstream's code all get compiled before
     * the first limiter's run (a cold proxy stalled the first limiter's first seconds: hundreds of ms of latency).
     * This is round {@code round} of {@link #WARMUP_ROUNDS}, each through a fresh proxy, upstream and generator.
     */
    private void warmUp(Scenario scenario, TrafficPlan plan, DemoUpstream upstream, int round, PrintWriter err)
            throws Exception {
        long nanos = warmupNanos(plan);
        if (nanos <= 0) {
            return;
        }
        TrafficPlan shortPlan = new TrafficPlan(plan.groups(), nanos, plan.seed());
        ScenarioLimiter first = scenario.limiters().get(0);
        KeyRule key = first.keyOr(scenario.key());
        io.ratelab.load.GeneratorClock clock = new io.ratelab.load.GeneratorClock();
        ProxyConfig config = proxyConfig(upstream, key, first.spec(), null, 1);
        ClientKeys keys = clientKeys(key, shortPlan, config, 1);
        try (LimitingProxy proxy = LimitingProxy.start(throughFront(config, keys), clock)) {
            LoadResult w = generator(List.of(proxy), shortPlan, keys, clock, line -> { }).run();
            err.printf(Locale.ROOT, "warm-up %d of %d through a fresh proxy (%s) and upstream: %d requests in %.1f s"
                    + " (not counted)%n", round, WARMUP_ROUNDS, first.name(), w.sent(), nanos / 1e9);
        }
        err.flush();
    }

    private static ProxyConfig proxyConfig(DemoUpstream upstream, KeyRule key, io.ratelab.limit.LimiterSpec limiter,
                                           String redis, int proxies) {
        return ProxyConfig.builder().listen(HostPort.parse("127.0.0.1:0"))
                .upstream(URI.create("http://" + upstream.listenAddress())).admin(HostPort.parse("127.0.0.1:0"))
                .key(key).limiter(limiter).ioThreads(1).store(redis).replicas(proxies).build();
    }

    static DemoUpstream.Spec upstreamSpec(Scenario s) {
        return DemoUpstream.Spec.of(s.upstream(), s.seed());
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
