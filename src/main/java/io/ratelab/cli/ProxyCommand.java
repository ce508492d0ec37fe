package io.ratelab.cli;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.ConfigWatcher;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.proxy.ProxyConfigBuilder;
import io.ratelab.proxy.demo.Warmup;
import io.ratelab.scenario.KeyRule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ratelab proxy}: the limiting reverse proxy, headless (the sidecar). Reads {@code --config FILE} when given;
 * flags override the file's values. Runs until SIGTERM or SIGINT, then stops accepting, lets in-flight requests
 * finish and exits 0.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Run the limiting reverse proxy in front of one upstream (the sidecar).",
                "Flags override values from --config. SIGTERM: stop accepting, finish in-flight requests, exit 0."})
public final class ProxyCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON proxy config (see README)")
    Path configFile;
    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "proxy listener (default 127.0.0.1:8080)")
    String listen;
    @Option(names = "--upstream", paramLabel = "URL", description = "upstream URL (default http://127.0.0.1:9000)")
    URI upstream;
    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "admin listener (default 127.0.0.1:9901); an"
            + " address other than loopback needs --admin-token-file. At most 64 admin connections at once (more: 503"
            + " and closed); an idle one is closed after 10 s")
    String admin;
    @Option(names = "--admin-token-file", paramLabel = "FILE", description = "file holding the admin bearer token:"
            + " PUT /config then needs 'Authorization: Bearer TOKEN' (required off loopback)")
    String adminTokenFile;
    @Option(names = "--key", paramLabel = "RULE", description = "global | ip | header:NAME | route, or a+b (default ip)")
    String key;
    @Option(names = "--trusted-proxy", paramLabel = "CIDR",
            description = "peer whose X-Forwarded-For is believed; repeatable")
    List<String> trustedProxies;
    @Option(names = "--algorithm", paramLabel = "NAME", description = "limiter algorithm (default token-bucket): "
            + "token-bucket, leaky-bucket, leaky-queue, fixed-window, sliding-log, sliding-window, gcra, concurrency, "
            + "envoy-local, nginx-limit-req, haproxy-req-rate")
    String algorithm;
    @Option(names = "--name", paramLabel = "NAME", description = "limiter name in headers and metrics")
    String name;
    @Option(names = "--rate", paramLabel = "RATE", description = "e.g. 100/s, 600/m")
    String rate;
    @Option(names = "--burst", paramLabel = "N", description = "bucket capacity / queue length / extra requests")
    Long burst;
    @Option(names = "--window", paramLabel = "DURATION", description = "window for window algorithms")
    String window;
    @Option(names = "--period", paramLabel = "DURATION", description = "HAProxy http_req_rate period")
    String period;
    @Option(names = "--nodelay", description = "nginx nodelay")
    Boolean nodelay;
    @Option(names = "--delay", paramLabel = "N", description = "nginx delay=N")
    Long delay;
    @Option(names = "--fill-interval", paramLabel = "DURATION", description = "Envoy fill_interval")
    String fillInterval;
    @Option(names = "--legacy-timer", description = "Envoy's pre-1.31 timer-refilled bucket")
    Boolean legacyTimer;
    @Option(names = "--concurrency", paramLabel = "N", description = "requests in flight for the concurrency limit")
    Long concurrency;
    @Option(names = "--reject-status", paramLabel = "CODE", description = "status of a rejection (default 429)")
    Integer rejectStatus;
    @Option(names = "--legacy-headers", description = "also send X-RateLimit-Limit/Remaining/Reset")
    Boolean legacyHeaders;
    @Option(names = "--record", paramLabel = "FILE", description = "append each request to a JSON-lines trace")
    String record;
    @Option(names = "--shadow", description = "shadow mode: decide and count every request as usual but forward the"
            + " would-be rejections too (ratelab_proxy_shadow_rejected_total); config shadow: true")
    Boolean shadow;
    @Option(names = "--shadow-header", paramLabel = "NAME", arity = "0..1", fallbackValue = "X-RateLimit-Shadow",
            description = "in shadow mode, mark a would-be rejection with NAME: would-reject on the request sent"
                    + " upstream and on the response (NAME defaults to X-RateLimit-Shadow; off unless given)")
    String shadowHeader;
    @Option(names = "--watch", description = "reload --config when it changes (Kubernetes ConfigMap friendly)")
    boolean watch;
    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "upstream connect timeout (2s)")
    String connectTimeout;
    @Option(names = "--request-timeout", paramLabel = "DURATION",
            description = "wait for the upstream's response head (30s)")
    String requestTimeout;
    @Option(names = "--request-head-timeout", paramLabel = "DURATION",
            description = "a client must send a whole request head within this, from its first byte (60s); then 408"
                    + " (on the admin port: closed)")
    String requestHeadTimeout;
    @Option(names = "--body-idle-timeout", paramLabel = "DURATION",
            description = "longest pause in a request body being forwarded (60s); then 408")
    String bodyIdleTimeout;
    @Option(names = "--admin-body-timeout", paramLabel = "DURATION",
            description = "a PUT /config body on the admin port must arrive in full within this (10s); then 408")
    String adminBodyTimeout;
    @Option(names = "--max-connections", paramLabel = "N",
            description = "client connections open at once (10000); one more is answered 503")
    Integer maxConnections;
    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "client connections from one IP address (1000, 0 for no bound; trusted proxies exempt)")
    Integer maxConnectionsPerAddress;
    @Option(names = "--max-header-bytes", paramLabel = "N",
            description = "largest request head in bytes (65536); a larger one is answered 431")
    Integer maxHeaderBytes;
    @Option(names = "--header-bytes-in-flight", paramLabel = "N",
            description = "bytes of unfinished request heads over all connections (16777216); past it the largest"
                    + " is answered 431")
    Long headerBytesInFlight;
    @Option(names = "--io-threads", paramLabel = "N", description = "IO threads (default: half the cores, at least 1)")
    Integer ioThreads;
    @Option(names = "--connections-per-thread", paramLabel = "N",
            description = "upstream keep-alive connections per IO thread (256)")
    Integer connectionsPerThread;
    @Option(names = "--max-queue", paramLabel = "N",
            description = "requests per IO thread waiting for an upstream connection before 503 (4096)")
    Integer maxQueue;
    @Option(names = "--max-keys", paramLabel = "N", description = "distinct keys held at most (1048576)")
    Long maxKeys;
    @Option(names = "--store", paramLabel = "local|redis://HOST:PORT",
            description = "where the limit lives: local (default) or a Redis shared by all replicas")
    String store;
    @Option(names = "--store-failure", paramLabel = "open|closed|local",
            description = "what a shared limit decides while Redis does not answer (default local: rate/replicas)")
    String storeFailure;
    @Option(names = "--replicas", paramLabel = "N", description = "proxies sharing the limit (default 1)")
    Integer replicas;
    @Option(names = "--store-timeout", paramLabel = "DURATION",
            description = "how long one Redis call may take before the failure policy decides (default 50ms)")
    String storeTimeout;
    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "0s",
            description = "before listening, run the proxy's own code this long on internal loopback traffic so the"
                    + " JIT has compiled it (default ${DEFAULT-VALUE}: off)")
    String warmup;
    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "how long SIGTERM waits for in-flight requests (default ${DEFAULT-VALUE})")
    String shutdownGrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logs.quietLibraries();
        PrintWriter err = spec.commandLine().getErr();
        if (watch && configFile == null) {
            err.println("ratelab proxy: --watch needs --config FILE");
            return 2;
        }
        ProxyConfig config;
        Duration warm;
        try {
            config = resolve();
            config.adminToken();
            warm = Durations.parse(warmup);
        } catch (IOException | IllegalArgumentException e) {
            err.println("ratelab proxy: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (!warm.isZero()) {
            long served = Warmup.run(config, warm);
            System.err.println("ratelab proxy: warmed up with " + served + " internal requests in "
                    + Durations.format(warm));
        }
        LimitingProxy proxy;
        try {
            proxy = LimitingProxy.start(config);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("ratelab proxy: " + e.getMessage());
            return 1;
        }
        ConfigWatcher watcher = watch ? startWatcher(proxy) : null;
        System.out.println(proxy.describe());
        Duration grace = Durations.parse(shutdownGrace);
        Signals.onTermination(() -> {
            if (watcher != null) {
                watcher.close();
            }
            boolean drained = proxy.shutdown(grace);
            System.err.println("ratelab proxy: stopped" + (drained ? "" : " (in-flight requests cut after " + grace
                    + ")"));
        });
        Signals.awaitTermination();
        return 0;
    }

    private ConfigWatcher startWatcher(LimitingProxy proxy) throws IOException {
        System.Logger log = System.getLogger("io.ratelab.proxy");
        return ConfigWatcher.start(configFile,
                () -> log.log(System.Logger.Level.INFO, "config reloaded from " + configFile + ": "
                        + proxy.reload(resolve())),
                e -> {
                    proxy.countRefused();
                    log.log(System.Logger.Level.WARNING, "config reload refused, keeping the previous one: "
                            + e.getMessage());
                });
    }

    /** The file's config (if any) with the flags laid over it. */
    ProxyConfig resolve() throws IOException {
        ProxyConfig file = configFile == null ? null : ProxyConfig.read(configFile);
        LimiterSpec spec = limiter(file == null ? null : file.limiter());
        ProxyConfig.Timeouts t = file == null ? ProxyConfig.Timeouts.DEFAULT : file.timeouts();
        t = new ProxyConfig.Timeouts(connectTimeout != null ? Durations.parse(connectTimeout) : t.connect(),
                requestTimeout != null ? Durations.parse(requestTimeout) : t.request(),
                requestHeadTimeout != null ? Durations.parse(requestHeadTimeout) : t.requestHead(),
                bodyIdleTimeout != null ? Durations.parse(bodyIdleTimeout) : t.bodyIdle(),
                adminBodyTimeout != null ? Durations.parse(adminBodyTimeout) : t.adminBody());
        ProxyConfig.ClientLimits c = file == null ? ProxyConfig.ClientLimits.DEFAULT : file.clients();
        c = new ProxyConfig.ClientLimits(maxConnections != null ? maxConnections : c.maxConnections(),
                maxConnectionsPerAddress != null ? maxConnectionsPerAddress : c.maxConnectionsPerAddress(),
                maxHeaderBytes != null ? maxHeaderBytes : c.maxHeaderBytes(),
                headerBytesInFlight != null ? headerBytesInFlight : c.headerBytesInFlight());
        ProxyConfigBuilder b = file == null
                ? ProxyConfig.builder().upstream(URI.create("http://127.0.0.1:9000"))
                : file.toBuilder();
        b.limiter(spec).timeouts(t).clients(c);
        given(listen, v -> b.listen(HostPort.parse(v)));
        given(upstream, b::upstream);
        given(admin, v -> b.admin(HostPort.parse(v)));
        given(key, v -> b.key(KeyRule.parse(v)));
        given(trustedProxies, b::trustedProxies);
        given(rejectStatus, b::rejectStatus);
        given(legacyHeaders, b::legacyHeaders);
        given(record, b::record);
        given(ioThreads, b::ioThreads);
        given(connectionsPerThread, b::connectionsPerThread);
        given(maxQueue, b::maxQueue);
        given(maxKeys, b::maxKeys);
        given(store, b::store);
        given(storeFailure, b::storeFailure);
        given(replicas, b::replicas);
        given(storeTimeout, v -> b.storeTimeout(Durations.parse(v)));
        given(shadow, b::shadow);
        given(shadowHeader, b::shadowHeader);
        given(adminTokenFile, b::adminTokenFile);
        return b.build();
    }

    /** Sets a value given on the command line; an absent flag (null) leaves the file's or the default. */
    private static <T> void given(T value, java.util.function.Consumer<? super T> set) {
        if (value != null) {
            set.accept(value);
        }
    }

    /**
     * The limiter: the file's, with each given flag replacing its field. A flag that names another algorithm starts
     * from no parameters (the file's may not apply to it). Without file or flags: token-bucket 100/s burst 50.
     */
    private LimiterSpec limiter(LimiterSpec fromFile) {
        boolean anyFlag = algorithm != null || name != null || rate != null || burst != null || window != null
                || period != null || nodelay != null || delay != null || fillInterval != null || legacyTimer != null
                || concurrency != null;
        if (!anyFlag && fromFile != null) {
            return fromFile;
        }
        Algorithm algo = algorithm != null ? Algorithm.byId(algorithm)
                : fromFile != null ? fromFile.algorithm() : Algorithm.TOKEN_BUCKET;
        LimiterSpec base = fromFile != null && fromFile.algorithm() == algo ? fromFile : null;
        if (base == null && fromFile == null && algorithm == null && rate == null && burst == null) {
            return LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(100), 50L);
        }
        LimiterSpec.Builder b = base != null ? base.toBuilder() : LimiterSpec.builder(algo);
        Optional.ofNullable(name).ifPresent(b::name);
        Optional.ofNullable(rate).map(Rate::parse).ifPresent(b::rate);
        Optional.ofNullable(burst).ifPresent(b::burst);
        Optional.ofNullable(window).map(Durations::parse).ifPresent(b::window);
        Optional.ofNullable(period).map(Durations::parse).ifPresent(b::period);
        Optional.ofNullable(nodelay).ifPresent(b::nodelay);
        Optional.ofNullable(delay).ifPresent(b::delay);
        Optional.ofNullable(fillInterval).map(Durations::parse).ifPresent(b::fillInterval);
        Optional.ofNullable(legacyTimer).ifPresent(b::legacyTimer);
        Optional.ofNullable(concurrency).ifPresent(b::concurrency);
        return b.build();
    }
}
