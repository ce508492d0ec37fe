package io.ratelab.cli;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.load.ClientKeys;
import io.ratelab.load.ConnectionBound;
import io.ratelab.load.GeneratorClock;
import io.ratelab.load.HttpTarget;
import io.ratelab.load.LoadOptions;
import io.ratelab.load.LoadResult;
import io.ratelab.load.OpenLoopGenerator;
import io.ratelab.load.ProgressLine;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.report.Verdict;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.traffic.RateProfile;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.Spacing;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What {@code ratelab run} builds in front of its demo upstreams, for the measured runs and the warm-ups alike: the
 * proxies' config, how the clients show themselves (through a front when there are more addresses than connections),
 * and the generator; and the warm-up that compiles all of it before the first measured run ({@link #warmUp}). One
 * place, so that the warm-up drives the very code the runs execute (a warm-up built otherwise left the first run's
 * first second to deoptimized code).
 */
final class LiveRig {

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
    private static final LimiterSpec ADMIT_ALL = speedLimit("1000000/s", 1_000_000);
    private static final LimiterSpec REJECT_ALL = speedLimit("1/h", 1);

    private final int connections;
    private final long warmupNanos;

    /**
     * @param connections the generator's keep-alive budget ({@code --connections})
     * @param warmupNanos how long each warm-up round drives traffic ({@code --warmup}; 0 for none)
     */
    LiveRig(int connections, long warmupNanos) {
        this.connections = connections;
        this.warmupNanos = warmupNanos;
    }

    /**
     * The whole warm-up before the first measured run: the speed round, then {@link #WARMUP_ROUNDS} rounds of the
     * scenario's own traffic, each through a fresh proxy and upstream; nothing of it is counted.
     */
    void warmUp(Scenario scenario, TrafficPlan plan, PrintWriter err) throws Exception {
        speedWarmUp(scenario, plan, err);
        for (int round = 1; round <= WARMUP_ROUNDS; round++) {
            try (DemoUpstream upstream = DemoUpstream.start(upstreamSpec(scenario))) {
                warmUp(scenario, plan, upstream, round, err);
            }
        }
    }

    /**
     * The generator in front of {@code proxies}, on {@code clock}, holding at most {@code bound} connections, with a
     * progress line to {@code progress}: built
     * here for the warm-up and the measured runs alike, so that the warm-up compiles the very code the runs execute
     * (a warm-up on another clock class left the runs' first second to deoptimized code).
     */
    OpenLoopGenerator generator(List<LimitingProxy> proxies, TrafficPlan plan, ClientKeys keys, ConnectionBound bound,
                                GeneratorClock clock, Consumer<String> progress) {
        List<HttpTarget> targets = proxies.stream()
                .map(p -> HttpTarget.parse("http://" + p.listenAddress() + "/")).toList();
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
     * How many connections the generator may hold open at once in front of {@code proxies} proxies built from
     * {@code config}, in this process; with more client addresses than that the clients come through a front
     * ({@link ClientKeys#forRule(KeyRule, TrafficPlan, int)}).
     */
    static ConnectionBound bound(ProxyConfig config, int proxies) {
        return ConnectionBound.forProxiesInProcess((long) config.clients().maxConnections() * proxies);
    }

    /** {@code config}, trusting the generator's front when {@code keys} go through one. */
    static ProxyConfig throughFront(ProxyConfig config, ClientKeys keys) {
        return keys.throughFront()
                ? config.toBuilder().trustedProxies(List.of(ClientKeys.FRONT_ADDRESS)).build() : config;
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
            for (LimiterSpec limit : List.of(ADMIT_ALL, REJECT_ALL)) {
                GeneratorClock clock = new GeneratorClock();
                // the clients show themselves as the runs' will (through a front when the scenario's are)
                ProxyConfig config = proxyConfig(upstream, key, limit, null, 1);
                ConnectionBound bound = bound(config, 1);
                ClientKeys keys = ClientKeys.forRule(key, plan, bound.connections());
                try (LimitingProxy proxy = LimitingProxy.start(throughFront(config, keys), clock)) {
                    MetricsSnapshot m = generator(List.of(proxy), speed, keys, bound, clock, line -> { }).run()
                            .metrics();
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

    private static LimiterSpec speedLimit(String rate, long burst) {
        return LimiterSpec.builder(Algorithm.TOKEN_BUCKET).name("warm-up").rate(Rate.parse(rate)).burst(burst).build();
    }

    /** {@code --warmup}, at most the plan's duration. */
    private long warmupNanos(TrafficPlan plan) {
        return Math.min(warmupNanos, plan.durationNanos());
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
        GeneratorClock clock = new GeneratorClock();
        ProxyConfig config = proxyConfig(upstream, key, first.spec(), null, 1);
        ConnectionBound bound = bound(config, 1);
        ClientKeys keys = ClientKeys.forRule(key, shortPlan, bound.connections());
        try (LimitingProxy proxy = LimitingProxy.start(throughFront(config, keys), clock)) {
            LoadResult w = generator(List.of(proxy), shortPlan, keys, bound, clock, line -> { }).run();
            err.printf(Locale.ROOT, "warm-up %d of %d through a fresh proxy (%s) and upstream: %d requests in %.1f s"
                    + " (not counted)%n", round, WARMUP_ROUNDS, first.name(), w.sent(), nanos / 1e9);
        }
        err.flush();
    }

    static ProxyConfig proxyConfig(DemoUpstream upstream, KeyRule key, LimiterSpec limiter,
                                           String redis, int proxies) {
        return ProxyConfig.builder().listen(HostPort.parse("127.0.0.1:0"))
                .upstream(URI.create("http://" + upstream.listenAddress())).admin(HostPort.parse("127.0.0.1:0"))
                .key(key).limiter(limiter).ioThreads(1).store(redis).replicas(proxies).build();
    }

    /** The scenario's upstream model, seeded as the simulator seeds it. */
    static DemoUpstream.Spec upstreamSpec(Scenario s) {
        return DemoUpstream.Spec.of(s.upstream(), s.seed());
    }
}
