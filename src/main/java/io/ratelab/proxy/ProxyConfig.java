package io.ratelab.proxy;

import io.ratelab.redis.FailurePolicy;
import io.ratelab.redis.RedisStore;
import io.ratelab.scenario.KeyRule;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.FileFormats;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sidecar's configuration, what {@code ratelab proxy --config FILE} reads (YAML or JSON) and what the exporter
 * writes. Absent values take the defaults documented in the README; the constructor validates and names the field.
 *
 * <pre>{@code
 * listen: 127.0.0.1:8080
 * upstream: http://127.0.0.1:9000
 * admin: 127.0.0.1:9901
 * key: ip
 * trustedProxies: [10.0.0.0/8]
 * limiter: {algorithm: token-bucket, rate: 100/s, burst: 50}
 * rejectStatus: 429
 * legacyHeaders: false
 * record: trace.jsonl
 * timeouts: {connect: 2s, request: 30s}
 * store: redis://127.0.0.1:6379
 * storeFailure: local
 * replicas: 2
 * storeTimeout: 50ms
 * adminTokenFile: /var/run/secrets/ratelab/admin-token
 * }</pre>
 *
 * @param listen         where the proxy listens (127.0.0.1:8080)
 * @param upstream       the one upstream, an {@code http://} URL; its path, if any, prefixes every request path
 * @param admin          the admin listener (127.0.0.1:9901); {@code null} in code means the default
 * @param key            the key rule (ip)
 * @param trustedProxies CIDR blocks whose X-Forwarded-For is believed (none)
 * @param limiter        the limiter, required
 * @param rejectStatus   status of a rejection (429)
 * @param legacyHeaders  also send X-RateLimit-* (false)
 * @param record         a JSON-lines trace file to append each request to; {@code null} records nothing
 * @param timeouts       upstream connect and request timeouts (2s, 30s)
 * @param ioThreads      proxy IO threads (half the cores, at least 1)
 * @param connectionsPerThread upstream keep-alive connections per IO thread at most (256)
 * @param maxQueue       requests per IO thread waiting for an upstream connection before 503 (4096)
 * @param maxKeys        distinct keys the limiter holds at most (1048576)
 * @param store          {@code local} (the default: this process's memory) or {@code redis://host:port}, a limit
 *                       shared with every proxy that uses the same Redis (token-bucket, gcra, fixed-window,
 *                       sliding-window)
 * @param storeFailure   what a shared limit decides while Redis does not answer: {@code open}, {@code closed} or
 *                       {@code local} (a local limiter at rate/replicas); {@code local} by default
 * @param replicas       how many proxies share the limit (1), for the {@code local} failure policy
 * @param storeTimeout   how long one Redis call may take before the failure policy decides (50ms)
 * @param adminTokenFile a file holding the admin port's bearer token; when set, {@code PUT /config} needs
 *                       {@code Authorization: Bearer TOKEN}. Required when {@code admin} is not a loopback address
 *                       (the proxy refuses to start without it); {@code null} on loopback means no token
 */
public record ProxyConfig(HostPort listen, URI upstream, HostPort admin, KeyRule key, List<String> trustedProxies,
                          LimiterSpec limiter, Integer rejectStatus, Boolean legacyHeaders, String record,
                          Timeouts timeouts, Integer ioThreads, Integer connectionsPerThread, Integer maxQueue,
                          Long maxKeys, String store, String storeFailure, Integer replicas,
                          Duration storeTimeout, String adminTokenFile) {

    public static final HostPort DEFAULT_LISTEN = HostPort.parse("127.0.0.1:8080");
    public static final HostPort DEFAULT_ADMIN = HostPort.parse("127.0.0.1:9901");
    /** The largest config file read. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    public ProxyConfig {
        listen = listen == null ? DEFAULT_LISTEN : listen;
        admin = admin == null ? DEFAULT_ADMIN : admin;
        if (upstream == null) {
            throw new IllegalArgumentException("upstream: is required, e.g. http://127.0.0.1:9000");
        }
        if (!"http".equalsIgnoreCase(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("upstream: '" + upstream + "' must be an http:// URL with a host"
                    + " (https upstreams are not supported)");
        }
        if (upstream.getRawQuery() != null || upstream.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream: '" + upstream + "' must not have a query or fragment");
        }
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
        // a sidecar shares its machine with the application it protects: half the cores by default
        ioThreads = ioThreads == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : ioThreads;
        positive("ioThreads", ioThreads);
        connectionsPerThread = connectionsPerThread == null ? 256 : connectionsPerThread;
        positive("connectionsPerThread", connectionsPerThread);
        maxQueue = maxQueue == null ? 4096 : maxQueue;
        if (maxQueue < 0) {
            throw new IllegalArgumentException("maxQueue: must be 0 or more, got " + maxQueue);
        }
        maxKeys = maxKeys == null ? 1L << 20 : maxKeys;
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys: must be at least 1, got " + maxKeys);
        }
        store = store == null || store.isBlank() ? "local" : store.trim();
        if (!store.equals("local")) {
            RedisStore.parse(store);
        }
        storeFailure = FailurePolicy.parse(storeFailure == null ? "local" : storeFailure).id();
        replicas = replicas == null ? 1 : replicas;
        positive("replicas", replicas);
        storeTimeout = storeTimeout == null ? Duration.ofMillis(50) : storeTimeout;
        if (storeTimeout.isNegative() || storeTimeout.isZero()) {
            throw new IllegalArgumentException("storeTimeout: must be positive, got " + storeTimeout);
        }
        adminTokenFile = adminTokenFile == null || adminTokenFile.isBlank() ? null : adminTokenFile.trim();
        if (adminTokenFile == null && !AdminToken.isLoopback(admin)) {
            throw new IllegalArgumentException("admin: " + admin + " is not a loopback address, and anyone who can"
                    + " reach it could change the limit; give a bearer token with --admin-token-file FILE (config"
                    + " adminTokenFile) or listen on 127.0.0.1");
        }
        LimitSettings s = new LimitSettings(key, limiter, trustedProxies, rejectStatus, legacyHeaders);
        key = s.key();
        trustedProxies = s.trustedProxies();
        rejectStatus = s.rejectStatus();
        legacyHeaders = s.legacyHeaders();
    }

    /** A config without an admin token (loopback admin). */
    public ProxyConfig(HostPort listen, URI upstream, HostPort admin, KeyRule key, List<String> trustedProxies,
                       LimiterSpec limiter, Integer rejectStatus, Boolean legacyHeaders, String record,
                       Timeouts timeouts, Integer ioThreads, Integer connectionsPerThread, Integer maxQueue,
                       Long maxKeys, String store, String storeFailure, Integer replicas, Duration storeTimeout) {
        this(listen, upstream, admin, key, trustedProxies, limiter, rejectStatus, legacyHeaders, record, timeouts,
                ioThreads, connectionsPerThread, maxQueue, maxKeys, store, storeFailure, replicas, storeTimeout, null);
    }

    /** A config with the local store (the form before shared limits). */
    public ProxyConfig(HostPort listen, URI upstream, HostPort admin, KeyRule key, List<String> trustedProxies,
                       LimiterSpec limiter, Integer rejectStatus, Boolean legacyHeaders, String record,
                       Timeouts timeouts, Integer ioThreads, Integer connectionsPerThread, Integer maxQueue,
                       Long maxKeys) {
        this(listen, upstream, admin, key, trustedProxies, limiter, rejectStatus, legacyHeaders, record, timeouts,
                ioThreads, connectionsPerThread, maxQueue, maxKeys, null, null, null, null);
    }

    /** True when the limit lives in Redis, shared with other proxies. */
    public boolean sharedStore() {
        return !store.equals("local");
    }

    /** This config with another store (restart-only settings). */
    public ProxyConfig withStore(String newStore, String failure, Integer newReplicas, Duration timeout) {
        return new ProxyConfig(listen, upstream, admin, key, trustedProxies, limiter, rejectStatus, legacyHeaders,
                record, timeouts, ioThreads, connectionsPerThread, maxQueue, maxKeys, newStore, failure, newReplicas,
                timeout, adminTokenFile);
    }

    /** This config with another admin listener and token file (restart-only settings). */
    public ProxyConfig withAdmin(HostPort newAdmin, String tokenFile) {
        return new ProxyConfig(listen, upstream, newAdmin, key, trustedProxies, limiter, rejectStatus, legacyHeaders,
                record, timeouts, ioThreads, connectionsPerThread, maxQueue, maxKeys, store, storeFailure, replicas,
                storeTimeout, tokenFile);
    }

    /**
     * The admin bearer token read from {@link #adminTokenFile()}, or {@code null} when none is configured.
     *
     * @throws IOException naming the file when it cannot be read or holds no usable token
     */
    public AdminToken adminToken() throws IOException {
        return adminTokenFile == null ? null : AdminToken.read(Path.of(adminTokenFile));
    }

    /** The hot-swappable part. */
    public LimitSettings settings() {
        return new LimitSettings(key, limiter, trustedProxies, rejectStatus, legacyHeaders);
    }

    /** This config with other settings (for {@code PUT /config} and reloads). */
    public ProxyConfig withSettings(LimitSettings s) {
        return new ProxyConfig(listen, upstream, admin, s.key(), s.trustedProxies(), s.limiter(), s.rejectStatus(),
                s.legacyHeaders(), record, timeouts, ioThreads, connectionsPerThread, maxQueue, maxKeys, store,
                storeFailure, replicas, storeTimeout, adminTokenFile);
    }

    /**
     * Reads a config file (YAML for {@code .yaml}/{@code .yml}, JSON otherwise).
     *
     * @throws IOException when the file cannot be read or does not parse; the message names the file and field
     */
    public static ProxyConfig read(Path file) throws IOException {
        String text = FileFormats.readText(file, "a proxy config", MAX_FILE_BYTES);
        int overlong = FileFormats.overlongYamlLine(text, FileFormats.forPath(file));
        if (overlong > 0) {
            throw new IOException(file + ", line " + overlong + ": " + FileFormats.overlongLineProblem());
        }
        try {
            return FileFormats.forPath(file).readValue(text, ProxyConfig.class);
        } catch (IOException e) {
            throw new IOException(file + ": " + ConfigErrors.describe(e), e);
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }

    /**
     * Upstream timeouts.
     *
     * @param connect how long to wait for a TCP connection to the upstream before answering 504 (2s)
     * @param request how long to wait for the upstream's response head once the request is sent (30s)
     */
    public record Timeouts(Duration connect, Duration request) {

        public static final Timeouts DEFAULT = new Timeouts(null, null);

        public Timeouts {
            connect = connect == null ? Duration.ofSeconds(2) : connect;
            request = request == null ? Duration.ofSeconds(30) : request;
            if (connect.isNegative() || connect.isZero()) {
                throw new IllegalArgumentException("timeouts.connect: must be positive");
            }
            if (request.isNegative() || request.isZero()) {
                throw new IllegalArgumentException("timeouts.request: must be positive");
            }
        }
    }
}
