package io.ratelab.ui.live;

import io.ratelab.load.ClientKeys;
import io.ratelab.load.GeneratorClock;
import io.ratelab.load.HttpTarget;
import io.ratelab.load.LoadOptions;
import io.ratelab.load.LoadResult;
import io.ratelab.load.OpenLoopGenerator;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.LimitSettings;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.report.RunReport;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.traffic.TrafficPlan;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A live run: the demo upstream, the limiting proxy in front of it, and the open-loop generator sending the scenario's
 * traffic through it — or the generator alone against an external URL. It never reimplements any of them; it starts
 * them together on a background thread, swaps the proxy's limiter while traffic flows, and stops them together.
 * A scenario with {@code replicas: N} gets N proxies on separate ports, the traffic spread round-robin over them, each
 * limiting alone ({@code store: local}) or sharing one count through Redis ({@code store: redis}); a swap reaches
 * every replica, and the charts show their total.
 *
 * <p>Threading: {@link #start} returns at once; the thread {@code ratelab-live} binds the listeners and runs the
 * generator. The UI polls {@link #state()} and {@link #snapshot()} once per frame (both read volatiles). {@link #apply}
 * hands the newest limiter to the thread {@code ratelab-swap}, which installs only the latest of a burst of edits
 * (a slider drag). {@link #stop} may be called from any thread; it is idempotent.
 */
public final class LiveSession {

    /** Where the proxy listens when it can: the port README examples use. */
    static final HostPort PREFERRED_LISTEN = HostPort.parse("127.0.0.1:8080");

    /** The life of a session. */
    public enum State { STARTING, RUNNING, FINISHED, STOPPED, FAILED }

    /**
     * What to run.
     *
     * @param scenario       the scenario (its traffic, duration, seed, key rule and upstream model)
     * @param baseDir        where the scenario's relative files are
     * @param limiter        the limiter the proxy starts with
     * @param externalTarget drive this URL instead of the embedded proxy, or null
     */
    public record Setup(Scenario scenario, Path baseDir, ScenarioLimiter limiter, HttpTarget externalTarget) {
    }

    private final Setup setup;
    private final Thread runner;
    private final ExecutorService swapper;
    private final AtomicReference<ScenarioLimiter> pending = new AtomicReference<>();
    private final List<RunReport.LimiterChange> changes = new CopyOnWriteArrayList<>();
    private volatile State state = State.STARTING;
    private volatile String problem = "";
    private volatile DemoUpstream upstream;
    /** The first replica (the one the admin URL and settings come from); null until started. */
    private volatile LimitingProxy proxy;
    private volatile List<LimitingProxy> replicas = List.of();
    private volatile OpenLoopGenerator generator;
    /** How the generator's clients show themselves; set before the proxies start (their trust follows it). */
    private volatile ClientKeys keys = ClientKeys.none();
    private volatile LoadResult result;
    private volatile boolean stopRequested;
    private volatile long startNanos;
    /** The proxies' clock: 0 when the generator's run starts, as `ratelab run` and the simulator have it. */
    private final GeneratorClock clock = new GeneratorClock();

    private LiveSession(Setup setup) {
        this.setup = setup;
        this.runner = new Thread(this::run, "ratelab-live");
        this.runner.setDaemon(true);
        this.swapper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ratelab-swap");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a session in the background. */
    public static LiveSession start(Setup setup) {
        LiveSession s = new LiveSession(setup);
        s.runner.start();
        return s;
    }

    private void run() {
        try {
            Scenario sc = setup.scenario();
            TrafficPlan plan = sc.trafficPlan(setup.baseDir());
            String tooMuch = Scenario.liveWorkProblem(plan);
            if (tooMuch != null) {
                throw new IllegalArgumentException(tooMuch);
            }
            KeyRule key = setup.limiter().keyOr(sc.key());
            // an external target costs a descriptor a connection; proxies in this process cost three and accept so
            // many. With more client addresses than that bound, clients of proxies in this process come through a
            // front (X-Forwarded-For) the proxies trust, as `ratelab run` has them; an external target sees them as
            // they are
            io.ratelab.load.ConnectionBound bound = setup.externalTarget() != null
                    ? io.ratelab.load.ConnectionBound.forRemoteTarget()
                    : io.ratelab.load.ConnectionBound.forProxiesInProcess(
                    (long) ProxyConfig.ClientLimits.DEFAULT.maxConnections() * sc.replicaCount());
            keys = setup.externalTarget() != null ? ClientKeys.forRule(key)
                    : ClientKeys.forRule(key, plan, bound.connections());
            List<HttpTarget> targets = setup.externalTarget() != null ? List.of(setup.externalTarget())
                    : startProxies();
            OpenLoopGenerator g = new OpenLoopGenerator(targets, plan, keys,
                    LoadOptions.defaults().withDrainTimeoutNanos(2_000_000_000L).withOpenBound(bound));
            clock.follow(g);
            generator = g;
            startNanos = System.nanoTime();
            changes.add(new RunReport.LimiterChange(0, setup.limiter().spec()));
            if (stopRequested) {
                return;
            }
            state = State.RUNNING;
            result = g.run();
            state = State.FINISHED;
        } catch (InterruptedException e) {
            state = State.STOPPED;
        } catch (IOException | RuntimeException e) {
            if (stopRequested) {
                state = State.STOPPED;
            } else {
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
                state = State.FAILED;
            }
        } finally {
            closeServers();
        }
    }

    private List<HttpTarget> startProxies() throws IOException {
        Scenario sc = setup.scenario();
        // the scenario's upstream model, as `ratelab run` and the simulator have it
        upstream = DemoUpstream.start(DemoUpstream.Spec.of(sc.upstream(), sc.seed()));
        URI upstreamUri = URI.create("http://" + upstream.listenAddress());
        KeyRule key = setup.limiter().keyOr(sc.key());
        try {
            proxy = LimitingProxy.start(config(PREFERRED_LISTEN, upstreamUri, key), clock);
        } catch (IOException e) {
            // 8080 taken (another proxy, a second workbench): any free port will do, the status bar shows it
            proxy = LimitingProxy.start(config(HostPort.parse("127.0.0.1:0"), upstreamUri, key), clock);
        }
        List<LimitingProxy> all = new java.util.ArrayList<>(List.of(proxy));
        replicas = List.copyOf(all);
        for (int i = 1; i < sc.replicaCount() && !stopRequested; i++) {
            all.add(LimitingProxy.start(config(HostPort.parse("127.0.0.1:0"), upstreamUri, key), clock));
            replicas = List.copyOf(all);
        }
        return all.stream().map(p -> HttpTarget.parse("http://" + p.listenAddress() + "/")).toList();
    }

    /** The generator's front, when its clients come through one, else nobody (null). */
    private List<String> frontTrust() {
        return keys.throughFront() ? List.of(ClientKeys.FRONT_ADDRESS) : null;
    }

    private ProxyConfig config(HostPort listen, URI upstreamUri, KeyRule key) {
        Scenario sc = setup.scenario();
        boolean shared = sc.replicaCount() > 1 && sc.sharedStore();
        return ProxyConfig.builder().listen(listen).upstream(upstreamUri).admin(HostPort.parse("127.0.0.1:0"))
                .key(key).limiter(setup.limiter().spec()).store(shared ? sc.redisUri() : null)
                .trustedProxies(frontTrust())
                .replicas(sc.replicaCount()).build();
    }

    /**
     * Swaps the proxy's limiter (and key rule) for {@code limiter}; coalesces bursts, applies the newest. A limiter
     * the proxy refuses leaves the old one and shows in {@link #problem()}.
     */
    public void apply(ScenarioLimiter limiter) {
        if (pending.getAndSet(limiter) == null) {
            swapper.execute(this::applyPending);
        }
    }

    private void applyPending() {
        ScenarioLimiter l = pending.getAndSet(null);
        List<LimitingProxy> all = replicas;
        if (l == null || all.isEmpty()) {
            return;
        }
        try {
            LimitSettings of = LimitSettings.of(l.keyOr(setup.scenario().key()), l.spec());
            // the front the clients come through stays trusted across swaps
            LimitSettings settings = new LimitSettings(of.key(), of.limiter(), frontTrust(), of.rejectStatus(),
                    of.legacyHeaders(), of.shadow(), of.shadowHeader());
            for (LimitingProxy p : all) {
                p.apply(settings);
            }
            changes.add(new RunReport.LimiterChange(elapsedNanos() / 1e9, l.spec()));
        } catch (RuntimeException e) {
            problem = "the proxy refused the limiter: " + e.getMessage();
        }
    }

    /** Stops traffic and closes the proxy and upstream; returns within a few seconds. Idempotent. */
    public void stop() {
        stopRequested = true;
        runner.interrupt();
        swapper.shutdownNow();
        try {
            runner.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeServers();
        if (state == State.STARTING || state == State.RUNNING) {
            state = State.STOPPED;
        }
    }

    private synchronized void closeServers() {
        replicas.forEach(LimitingProxy::close);
        if (upstream != null) {
            upstream.close();
        }
    }

    public State state() {
        return state;
    }

    /** Why the session failed, or the last refused swap; empty when all is well. */
    public String problem() {
        return problem;
    }

    /** The newest published metrics snapshot, or null before the generator started. */
    public MetricsSnapshot snapshot() {
        OpenLoopGenerator g = generator;
        RunMetrics m = g == null ? null : g.metrics();
        return m == null ? null : m.snapshot();
    }

    /** The generator's result once the run ended by itself (warnings such as a missed target), else null. */
    public LoadResult result() {
        return result;
    }

    /**
     * The proxy's URL ({@code http://127.0.0.1:8080/}; with replicas each one's, separated by spaces), the external
     * target, or null while starting.
     */
    public String targetUrl() {
        if (setup.externalTarget() != null) {
            return setup.externalTarget().toString();
        }
        List<LimitingProxy> all = replicas;
        return all.isEmpty() ? null : all.stream().map(p -> "http://" + p.listenAddress() + "/")
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** The running proxies: one, or one per replica. */
    public List<LimitingProxy> proxies() {
        return replicas;
    }

    /** The demo upstream's URL, or "external" when the generator drives an external URL. */
    public String upstreamUrl() {
        DemoUpstream u = upstream;
        return setup.externalTarget() != null ? "external target" : u == null ? null
                : "http://" + u.listenAddress() + "/ (demo)";
    }

    /** The proxy's admin URL for {@code GET /config}, or null. */
    public String adminUrl() {
        LimitingProxy p = proxy;
        return p == null ? null : "http://" + p.adminAddress() + "/";
    }

    /** The limiter settings the proxy enforces now, or null without a proxy. */
    public LimitSettings proxySettings() {
        LimitingProxy p = proxy;
        return p == null ? null : p.settings();
    }

    /** The limiters in force during the run, with when each took effect. */
    public List<RunReport.LimiterChange> limiterChanges() {
        return List.copyOf(changes);
    }

    /** How many limiters have been in force so far (the first one and each swap); cheap enough for every frame. */
    public int limiterChangeCount() {
        return changes.size();
    }

    /** Nanoseconds since the generator started, or 0. */
    public long elapsedNanos() {
        long s = startNanos;
        return s == 0 ? 0 : System.nanoTime() - s;
    }

    /** The scenario this session runs. */
    public Scenario scenario() {
        return setup.scenario();
    }
}
