package io.ratelab.proxy;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.redis.SharedLimiter;
import java.util.function.Function;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.RateLimiter;
import io.ratelab.limit.SingleKeyLimiter;
import io.ratelab.limit.store.KeyedLimiter;
import io.ratelab.proxy.upstream.ClientAddress;
import io.ratelab.proxy.upstream.TrustedProxies;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Everything one configuration of the limit needs, built once and never changed: the limiter with its per-key state,
 * the key extractor, the precomputed header values and rejection body, and the counters it reports under. The proxy
 * holds the current one in a {@link LimiterSwitch}; a request reads it once and keeps it to completion, so a swap
 * never splits one request between two limiters (a concurrency permit goes back to the limiter that gave it).
 * Thread-safe (immutable; the limiter is thread-safe).
 */
final class LimiterAssembly {

    private final LimitSettings settings;
    private final RateLimiter limiter;
    private final KeyExtractor keys;
    private final ClientAddress clients;
    private final TrustedProxies trusted;
    private final String policyHeader;
    private final String quotedName;
    private final boolean releases;
    private final ByteBuffer rejectionBody;
    private final LimiterCounters counters;
    private final long generation;
    private final SharedLimiter shared;
    private final HttpString shadowHeader;

    /**
     * Builds the assembly; fails with the limiter core's {@code SpecException} or an {@link IllegalArgumentException}
     * naming the bad setting. When {@code previous} has the same limiter spec and key rule, its limiter (and so
     * every key's state) is kept.
     */
    LimiterAssembly(LimitSettings settings, LimiterAssembly previous, long maxKeys, ProxyMetrics metrics,
                    long generation, Function<LimiterSpec, SharedLimiter> sharedLimits) {
        this.settings = settings;
        LimitAlgorithm algorithm = settings.limiter().build();
        if (previous != null && previous.settings.limiter().equals(settings.limiter())
                && previous.settings.key().equals(settings.key())) {
            this.limiter = previous.limiter;
            this.shared = previous.shared;
        } else {
            this.shared = sharedLimits == null ? null : sharedLimits.apply(settings.limiter());
            this.limiter = settings.key().isGlobal() ? new SingleKeyLimiter(algorithm)
                    : KeyedLimiter.builder(algorithm).maxKeys(maxKeys).build();
        }
        this.trusted = TrustedProxies.parse(settings.trustedProxies());
        this.clients = new ClientAddress(trusted);
        this.keys = KeyExtractor.of(settings.key(), clients);
        String name = settings.limiter().name();
        this.policyHeader = RateLimitHeaders.policyValue(name, algorithm.policy());
        this.quotedName = RateLimitHeaders.sfString(name);
        this.releases = settings.limiter().algorithm() == Algorithm.CONCURRENCY;
        byte[] body = ("Too many requests: limit " + quotedName + " exceeded; see the Retry-After and RateLimit"
                + " headers.\n").getBytes(StandardCharsets.UTF_8);
        this.rejectionBody = ByteBuffer.allocateDirect(body.length).put(body).flip().asReadOnlyBuffer();
        this.counters = metrics.counters(name);
        this.generation = generation;
        this.shadowHeader = settings.shadowHeader() == null ? null : new HttpString(settings.shadowHeader());
    }

    /** True when refusals are only counted and marked, and the request is forwarded all the same. */
    boolean shadow() {
        return settings.shadow();
    }

    /** The field marking a would-be rejection in shadow mode, or null for none. */
    HttpString shadowHeader() {
        return shadowHeader;
    }

    /** The limit shared through Redis, or {@code null} when this proxy's memory decides ({@link #limiter()}). */
    SharedLimiter shared() {
        return shared;
    }

    LimitSettings settings() {
        return settings;
    }

    RateLimiter limiter() {
        return limiter;
    }

    KeyExtractor keys() {
        return keys;
    }

    TrustedProxies trusted() {
        return trusted;
    }

    String policyHeader() {
        return policyHeader;
    }

    String quotedName() {
        return quotedName;
    }

    /** True when admitted requests must hand their permit back on completion (the concurrency limit). */
    boolean releases() {
        return releases;
    }

    /** A fresh view of the rejection body, for one response. */
    ByteBuffer rejectionBody() {
        return rejectionBody.duplicate();
    }

    LimiterCounters counters() {
        return counters;
    }

    long generation() {
        return generation;
    }

    /** Keys the limiter holds now (1 for a global limit). */
    long keysHeld() {
        return limiter instanceof KeyedLimiter k ? k.size() : 1;
    }

    @Override
    public String toString() {
        return "limiter #" + generation + " " + settings.limiter().name() + " " + limiter.algorithm()
                + (settings.shadow() ? " in shadow mode" : "")
                + (shared == null ? "" : " " + shared) + " by "
                + settings.key() + (trusted.isEmpty() ? "" : " (X-Forwarded-For from " + trusted + ")");
    }
}
