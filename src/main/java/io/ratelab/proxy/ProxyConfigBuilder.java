package io.ratelab.proxy;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.proxy.admin.AdminToken;
import io.ratelab.redis.FailurePolicy;
import io.ratelab.redis.RedisStore;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.KeyRule;
import io.ratelab.proxy.ProxyConfig.ClientLimits;
import io.ratelab.proxy.ProxyConfig.Timeouts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Builds a {@link ProxyConfig} by name, one setter per config-file key. A value left unset, or set to
 * {@code null}, takes its default; the defaults and the checks live in one place, the record's constructor, which
 * {@link #build} calls (and which Jackson calls for a config file). Not thread-safe.
 */
public final class ProxyConfigBuilder {

    private HostPort listen;
    private URI upstream;
    private HostPort admin;
    private KeyRule key;
    private List<String> trustedProxies;
    private LimiterSpec limiter;
    private Integer rejectStatus;
    private Boolean legacyHeaders;
    private String record;
    private Timeouts timeouts;
    private Integer ioThreads;
    private Integer connectionsPerThread;
    private Integer maxQueue;
    private Long maxKeys;
    private String store;
    private String storeFailure;
    private Integer replicas;
    private Duration storeTimeout;
    private Boolean shadow;
    private String shadowHeader;
    private ClientLimits clients;
    private String adminTokenFile;

    ProxyConfigBuilder() {
    }

    public ProxyConfigBuilder listen(HostPort value) {
        listen = value;
        return this;
    }

    public ProxyConfigBuilder upstream(URI value) {
        upstream = value;
        return this;
    }

    public ProxyConfigBuilder admin(HostPort value) {
        admin = value;
        return this;
    }

    public ProxyConfigBuilder key(KeyRule value) {
        key = value;
        return this;
    }

    public ProxyConfigBuilder trustedProxies(List<String> value) {
        trustedProxies = value;
        return this;
    }

    public ProxyConfigBuilder limiter(LimiterSpec value) {
        limiter = value;
        return this;
    }

    public ProxyConfigBuilder rejectStatus(Integer value) {
        rejectStatus = value;
        return this;
    }

    public ProxyConfigBuilder legacyHeaders(Boolean value) {
        legacyHeaders = value;
        return this;
    }

    public ProxyConfigBuilder record(String value) {
        record = value;
        return this;
    }

    public ProxyConfigBuilder timeouts(Timeouts value) {
        timeouts = value;
        return this;
    }

    public ProxyConfigBuilder ioThreads(Integer value) {
        ioThreads = value;
        return this;
    }

    public ProxyConfigBuilder connectionsPerThread(Integer value) {
        connectionsPerThread = value;
        return this;
    }

    public ProxyConfigBuilder maxQueue(Integer value) {
        maxQueue = value;
        return this;
    }

    public ProxyConfigBuilder maxKeys(Long value) {
        maxKeys = value;
        return this;
    }

    public ProxyConfigBuilder store(String value) {
        store = value;
        return this;
    }

    public ProxyConfigBuilder storeFailure(String value) {
        storeFailure = value;
        return this;
    }

    public ProxyConfigBuilder replicas(Integer value) {
        replicas = value;
        return this;
    }

    public ProxyConfigBuilder storeTimeout(Duration value) {
        storeTimeout = value;
        return this;
    }

    public ProxyConfigBuilder shadow(Boolean value) {
        shadow = value;
        return this;
    }

    public ProxyConfigBuilder shadowHeader(String value) {
        shadowHeader = value;
        return this;
    }

    public ProxyConfigBuilder clients(ClientLimits value) {
        clients = value;
        return this;
    }

    public ProxyConfigBuilder adminTokenFile(String value) {
        adminTokenFile = value;
        return this;
    }

    /** The hot-swappable part at once: key, limiter, trusted proxies, rejection and shadow mode. */
    public ProxyConfigBuilder settings(LimitSettings s) {
        return key(s.key()).limiter(s.limiter()).trustedProxies(s.trustedProxies()).rejectStatus(s.rejectStatus())
                .legacyHeaders(s.legacyHeaders()).shadow(s.shadow()).shadowHeader(s.shadowHeader());
    }

    /**
     * The config, with defaults for what was not set.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or wrong
     */
    public ProxyConfig build() {
        return new ProxyConfig(listen, upstream, admin, key, trustedProxies, limiter, rejectStatus, legacyHeaders,
                record, timeouts, ioThreads, connectionsPerThread, maxQueue, maxKeys, store, storeFailure,
                replicas, storeTimeout, shadow, shadowHeader, clients, adminTokenFile);
    }
}
