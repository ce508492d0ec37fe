package io.ratelab.proxy;

import io.ratelab.proxy.admin.AdminHandler;
import io.ratelab.proxy.admin.AdminToken;
import io.ratelab.proxy.record.TraceRecorder;
import io.ratelab.redis.FailurePolicy;
import io.ratelab.redis.RedisStore;
import io.ratelab.redis.SharedLimiter;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The running limiting reverse proxy: a listener whose requests go through {@link ProxyChain} to one upstream, and an
 * admin listener ({@link AdminHandler}: metrics, config, health). Start it with {@link #start}, change its limiter
 * with {@link #apply} (or {@code PUT /config}) while traffic flows, and stop it with {@link #shutdown} (stop
 * accepting, let in-flight requests finish) or {@link #close}. Thread-safe.
 */
public final class LimitingProxy implements AutoCloseable {

    private final ProxyConfig config;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final LimiterSwitch limiters;
    private final HttpListeners listeners;
    private final GracefulShutdownHandler graceful;
    private final HttpHandler chain;
    private final TraceRecorder recorder;
    private final HostPort listen;
    private final HostPort admin;
    private final RedisStore store;
    private volatile boolean stopping;

    private LimitingProxy(ProxyConfig config, LongSupplier clock) throws IOException {
        this.config = config;
        AdminToken token = config.adminToken();
        this.store = config.sharedStore() ? RedisStore.connect(config.store(), config.storeTimeout()) : null;
        try {
            this.limiters = new LimiterSwitch(config.settings(), config.maxKeys(), metrics, store == null ? null
                    : spec -> new SharedLimiter(store, spec, SharedLimiter.Clock.SERVER,
                    FailurePolicy.parse(config.storeFailure()), config.replicas()));
        } catch (RuntimeException e) {
            closeStore();
            throw e;
        }
        if (store != null) {
            metrics.store(store.health(), FailurePolicy.parse(config.storeFailure()));
        }
        ProxyConfig.Timeouts t = config.timeouts();
        UpstreamForwarder forwarder = new UpstreamForwarder(config.upstream(), config.ioThreads(),
                config.connectionsPerThread(), config.maxQueue(), t.connect(), t.request(), t.bodyIdle());
        this.listeners = new HttpListeners(config.ioThreads());
        ClientGate gate = new ClientGate(config.clients(), t.requestHead(), config.ioThreads(),
                address -> limiters.current().trusted().contains(address));
        metrics.clients(gate);
        AdminConnections adminConnections = new AdminConnections();
        metrics.admin(adminConnections);
        TraceRecorder rec = null;
        try {
            rec = config.record() == null ? null : new TraceRecorder(Path.of(config.record()),
                    EpochClock.offsetOf(clock));
            this.recorder = rec;
            if (rec != null) {
                metrics.traceDropped(rec::dropped);
            }
            this.chain = ProxyChain.build(metrics, limiters, clock, rec, forwarder);
            this.graceful = new GracefulShutdownHandler(
                    new AbsoluteTargetHandler(new ExpectationHandler(chain, gate), gate));
            InetSocketAddress bound = listeners.listen(config.listen(), graceful, gate);
            this.listen = config.listen().withPort(bound.getPort());
            InetSocketAddress adminBound = listeners.listenAdmin(config.admin(),
                    new AdminHandler(new ProxyAdminTarget(this), token, config.timeouts().adminBody()),
                    config.timeouts().requestHead(), adminConnections);
            this.admin = config.admin().withPort(adminBound.getPort());
        } catch (IOException | RuntimeException e) {
            listeners.close();
            closeStore();
            if (rec != null) {
                rec.close();
            }
            throw e;
        }
    }

    /**
     * Starts a proxy on the system's monotonic clock, read as epoch nanoseconds ({@link EpochClock}).
     *
     * @throws IOException when a listener cannot be bound, the upstream host does not resolve, the admin token file
     *                     is not usable, or the trace file cannot be opened; a bad limiter fails with an
     *                     {@link IllegalArgumentException}
     */
    public static LimitingProxy start(ProxyConfig config) throws IOException {
        return start(config, new EpochClock());
    }

    /** Starts a proxy whose limiter reads {@code clock} (nanoseconds, monotonic) once per request. */
    public static LimitingProxy start(ProxyConfig config, LongSupplier clock) throws IOException {
        return new LimitingProxy(config, clock);
    }

    /** Swaps in new limiter settings atomically; a bad one throws and the old stays. */
    public void apply(LimitSettings settings) {
        limiters.apply(settings);
    }

    /**
     * Applies a re-read configuration: its limiter settings are swapped in when they differ from those in force.
     *
     * @return what changed, for the log; mentions settings that only a restart applies
     * @throws IllegalArgumentException when the settings do not build (the old ones stay)
     */
    public String reload(ProxyConfig fresh) {
        ProxyConfig running = config();
        String restart = fresh.withSettings(running.settings()).equals(running) ? ""
                : " (listen, upstream, admin, record, timeouts and pool sizes apply only after a restart)";
        if (fresh.settings().equals(running.settings())) {
            return "limiter settings unchanged" + restart;
        }
        apply(fresh.settings());
        return "now " + limiters.current() + restart;
    }

    /** The limiter settings in force. */
    public LimitSettings settings() {
        return limiters.settings();
    }

    /** The configuration the proxy started with, with the settings in force now. */
    public ProxyConfig config() {
        return config.withSettings(limiters.settings());
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Counts a configuration that was refused before it could be applied (it did not parse). */
    public void countRefused() {
        limiters.refused();
    }

    /** Where the proxy listens (the real port when 0 was asked for). */
    public HostPort listenAddress() {
        return listen;
    }

    public HostPort adminAddress() {
        return admin;
    }

    /** False once a shutdown began; {@code /healthz} then answers 503. */
    public boolean isServing() {
        return !stopping;
    }

    /** The one line the command prints at start: what listens where. */
    public String describe() {
        return "ratelab proxy listening on http://" + listen + " -> " + config.upstream() + " | admin http://" + admin
                + " (/metrics /config /healthz" + (config.adminTokenFile() == null ? "" : "; PUT needs the token")
                + ") | " + limiters.settings().limiter().algorithm().id() + " "
                + describeLimiter() + " by " + limiters.settings().key()
                + (limiters.settings().shadow() ? " | SHADOW MODE: refusals are counted and forwarded" : "")
                + (config.record() == null ? "" : " | recording to " + config.record())
                + (store == null ? "" : " | shared through redis " + store.target() + " (" + config.replicas()
                + " replicas, timeout " + config.storeTimeout().toMillis() + " ms, failure " + config.storeFailure()
                + ")");
    }

    private String describeLimiter() {
        var s = limiters.settings().limiter();
        StringBuilder b = new StringBuilder();
        if (s.rate() != null) {
            b.append("rate ").append(s.rate());
        }
        if (s.burst() != null) {
            b.append(b.length() == 0 ? "" : " ").append("burst ").append(s.burst());
        }
        if (s.concurrency() != null) {
            b.append(b.length() == 0 ? "" : " ").append("concurrency ").append(s.concurrency());
        }
        return b.toString();
    }

    /**
     * Graceful stop: {@link #stopAccepting()}, then {@link #awaitInFlight} up to {@code grace}, then {@link #close()}.
     *
     * @return true when every in-flight request finished within {@code grace}
     */
    public boolean shutdown(Duration grace) {
        stopAccepting();
        boolean drained = awaitInFlight(grace);
        close();
        return drained;
    }

    /**
     * First step of a graceful stop: closes the listening sockets (new connections are refused; open ones go on)
     * and answers new requests on open connections 503; in-flight requests continue. {@code /healthz} says
     * {@code stopping} from here on (to connections already open).
     */
    public void stopAccepting() {
        stopping = true;
        listeners.stopAccepting();
        graceful.shutdown();
    }

    /** Waits up to {@code grace} for the requests in flight to finish; true when they all did. */
    public boolean awaitInFlight(Duration grace) {
        try {
            return graceful.awaitShutdown(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops at once: closes listeners and connections, flushes the trace. Idempotent. */
    @Override
    public synchronized void close() {
        stopping = true;
        listeners.close();
        closeStore();
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                System.getLogger(LimitingProxy.class.getName()).log(System.Logger.Level.WARNING,
                        "trace file " + recorder.file() + " could not be written completely: " + e.getMessage());
            }
        }
    }

    private void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "proxy " + listen + ": " + chain;
    }
}
