package io.ratelab.proxy;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.proxy.admin.AdminToken;
import io.ratelab.redis.FailurePolicy;
import io.ratelab.redis.RedisStore;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;

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
 * timeouts: {connect: 2s, request: 30s, requestHead: 60s, bodyIdle: 60s, adminBody: 10s}
 * clients: {maxConnections: 10000, maxConnectionsPerAddress: 1000, maxHeaderBytes: 65536,
 *           headerBytesInFlight: 16777216}
 * store: redis://127.0.0.1:6379
 * storeFailure: local
 * replicas: 2
 * storeTimeout: 50ms
 * shadow: false
 * shadowHeader: X-RateLimit-Shadow
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
 * @param timeouts       upstream connect and request timeouts (2s, 30s), client request-head and body-idle
 *                       timeouts (60s, 60s), the admin port's config body timeout (10s)
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
 * @param shadow         shadow mode: decide and count as usual, forward the would-be rejections (false)
 * @param shadowHeader   in shadow mode, the response field marking a would-be rejection (none)
 * @param clients        bounds on what clients may hold: connections, per address, header bytes (see
 *                       {@link ClientLimits})
 * @param adminTokenFile a file holding the admin port's bearer token; when set, {@code PUT /config} needs
 *                       {@code Authorization: Bearer TOKEN}. Required when {@code admin} is not a loopback address
 *                       (the proxy refuses to start without it); {@code null} on loopback means no token
 */
public record ProxyConfig(HostPort listen, URI upstream, HostPort admin, KeyRule key, List<String> trustedProxies,
                          LimiterSpec limiter, Integer rejectStatus, Boolean legacyHeaders, String record,
                          Timeouts timeouts, Integer ioThreads, Integer connectionsPerThread, Integer maxQueue,
                          Long maxKeys, String store, String storeFailure, Integer replicas,
                          Duration storeTimeout, Boolean shadow, String shadowHeader, ClientLimits clients,
                          String adminTokenFile) {

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
        clients = clients == null ? ClientLimits.DEFAULT : clients;
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
        if (adminTokenFile == null && !admin.isLoopback()) {
            throw new IllegalArgumentException("admin: " + admin + " is not a loopback address, and anyone who can"
                    + " reach it could change the limit; give a bearer token with --admin-token-file FILE (config"
                    + " adminTokenFile) or listen on 127.0.0.1");
        }
        LimitSettings s = new LimitSettings(key, limiter, trustedProxies, rejectStatus, legacyHeaders, shadow,
                shadowHeader);
        key = s.key();
        trustedProxies = s.trustedProxies();
        rejectStatus = s.rejectStatus();
        legacyHeaders = s.legacyHeaders();
        shadow = s.shadow();
        shadowHeader = s.shadowHeader();
    }

    /** True when the limit lives in Redis, shared with other proxies. */
    public boolean sharedStore() {
        return !store.equals("local");
    }

    /** This config with other client limits (restart-only settings). */
    public ProxyConfig withClients(ClientLimits limits) {
        return toBuilder().clients(limits).build();
    }

    /** This config in shadow mode ({@code on}) or enforcing, with the would-reject field {@code header} or none. */
    public ProxyConfig withShadow(boolean on, String header) {
        return withSettings(settings().withShadow(on, header));
    }

    /** This config with another admin listener and token file (restart-only settings). */
    public ProxyConfig withAdmin(HostPort newAdmin, String tokenFile) {
        return toBuilder().admin(newAdmin).adminTokenFile(tokenFile).build();
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
        return new LimitSettings(key, limiter, trustedProxies, rejectStatus, legacyHeaders, shadow, shadowHeader);
    }

    /** This config with other settings (for {@code PUT /config} and reloads). */
    public ProxyConfig withSettings(LimitSettings s) {
        return toBuilder().settings(s).build();
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

    /** A builder with every value absent: {@link ProxyConfigBuilder#build} then needs at least the upstream and the limiter. */
    public static ProxyConfigBuilder builder() {
        return new ProxyConfigBuilder();
    }

    /** A builder holding this config's values. */
    public ProxyConfigBuilder toBuilder() {
        return new ProxyConfigBuilder().listen(listen).upstream(upstream).admin(admin).settings(settings()).record(record)
                .timeouts(timeouts).ioThreads(ioThreads).connectionsPerThread(connectionsPerThread).maxQueue(maxQueue)
                .maxKeys(maxKeys).store(store).storeFailure(storeFailure).replicas(replicas).storeTimeout(storeTimeout)
                .clients(clients).adminTokenFile(adminTokenFile);
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }

    /**
     * Timeouts: the upstream's, and the client's (nginx {@code client_header_timeout} and {@code client_body_timeout},
     * HAProxy {@code timeout http-request}).
     *
     * @param connect     how long to wait for a TCP connection to the upstream before answering 504 (2s)
     * @param request     how long the upstream may take: to answer once the request is sent, or to take the next
     *                    piece of a request body (30s); answered 504
     * @param requestHead how long a client may take to send a whole request head, from its first byte (60s); then
     *                    408 and the connection is closed
     * @param bodyIdle    how long a client may pause while sending a request body the proxy is waiting to forward
     *                    (60s); then 408 and the connection is closed
     * @param adminBody   how long a {@code PUT /config} body on the admin port may take to arrive in full, from the
     *                    end of its head (10s); then 408 and the connection is closed
     */
    public record Timeouts(Duration connect, Duration request, Duration requestHead, Duration bodyIdle,
                           Duration adminBody) {

        public static final Timeouts DEFAULT = new Timeouts(null, null, null, null, null);

        public Timeouts {
            connect = positive("timeouts.connect", connect, Duration.ofSeconds(2));
            request = positive("timeouts.request", request, Duration.ofSeconds(30));
            requestHead = positive("timeouts.requestHead", requestHead, Duration.ofSeconds(60));
            bodyIdle = positive("timeouts.bodyIdle", bodyIdle, Duration.ofSeconds(60));
            adminBody = positive("timeouts.adminBody", adminBody, Duration.ofSeconds(10));
        }

        /** Upstream and client timeouts with the admin body's at its default. */
        public Timeouts(Duration connect, Duration request, Duration requestHead, Duration bodyIdle) {
            this(connect, request, requestHead, bodyIdle, null);
        }

        /** Upstream timeouts with the client ones at their defaults. */
        public Timeouts(Duration connect, Duration request) {
            this(connect, request, null, null, null);
        }

        private static Duration positive(String field, Duration value, Duration byDefault) {
            if (value == null) {
                return byDefault;
            }
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + ": must be positive, got " + value);
            }
            return value;
        }
    }

    /**
     * What clients may hold of the proxy, with the refusal each bound gives (the models: Envoy's {@code
     * max_connections} and overload manager, nginx {@code limit_conn} and {@code large_client_header_buffers}).
     *
     * @param maxConnections           client connections open at once (10000); one more is answered 503 and closed
     * @param maxConnectionsPerAddress client connections open at once from one IP address (1000; 0 for no bound);
     *                                 one more is answered 503 and closed. Peers in {@code trustedProxies} are exempt:
     *                                 they carry many clients
     * @param maxHeaderBytes           the largest request head, request line and fields (65536, Envoy's 60 KiB
     *                                 rounded up); a larger one is answered 431 and the connection closed
     * @param headerBytesInFlight      bytes of request heads that have begun and not ended, over all connections
     *                                 (16777216 = 16 MiB); past it the connection holding the largest unfinished head
     *                                 is answered 431 and closed, until the total is back within the bound
     */
    public record ClientLimits(Integer maxConnections, Integer maxConnectionsPerAddress, Integer maxHeaderBytes,
                               Long headerBytesInFlight) {

        public static final ClientLimits DEFAULT = new ClientLimits(null, null, null, null);

        public ClientLimits {
            maxConnections = maxConnections == null ? 10_000 : maxConnections;
            maxConnectionsPerAddress = maxConnectionsPerAddress == null ? 1000 : maxConnectionsPerAddress;
            maxHeaderBytes = maxHeaderBytes == null ? 65_536 : maxHeaderBytes;
            headerBytesInFlight = headerBytesInFlight == null ? 16L << 20 : headerBytesInFlight;
            if (maxConnections < 1) {
                throw new IllegalArgumentException("clients.maxConnections: must be at least 1, got " + maxConnections);
            }
            if (maxConnectionsPerAddress < 0) {
                throw new IllegalArgumentException("clients.maxConnectionsPerAddress: must be 0 (no bound) or more,"
                        + " got " + maxConnectionsPerAddress);
            }
            if (maxHeaderBytes < 1024) {
                throw new IllegalArgumentException("clients.maxHeaderBytes: must be at least 1024, got "
                        + maxHeaderBytes);
            }
            if (headerBytesInFlight < maxHeaderBytes) {
                throw new IllegalArgumentException("clients.headerBytesInFlight: must be at least maxHeaderBytes ("
                        + maxHeaderBytes + "), got " + headerBytesInFlight);
            }
        }
    }
}
