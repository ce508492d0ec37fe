package io.ratelab.limit;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every algorithm RateLab knows, under the names scenario files, flags and exports use, with a one-line explanation
 * for the workbench and {@code --help}, and the parameters each one takes.
 */
public enum Algorithm {
    TOKEN_BUCKET("token-bucket",
            "A bucket of 'burst' tokens refilled continuously at 'rate'; each request takes one.",
            EnumSet.of(Param.RATE, Param.BURST), EnumSet.noneOf(Param.class), TokenBucket::new),
    LEAKY_BUCKET("leaky-bucket",
            "A meter: each request adds to a level that drains at 'rate'; over 'burst' is rejected (policing).",
            EnumSet.of(Param.RATE, Param.BURST), EnumSet.noneOf(Param.class), LeakyBucketMeter::new),
    LEAKY_QUEUE("leaky-queue",
            "A shaper: requests leave one per 1/'rate'; up to 'burst' wait in the queue, the rest are rejected.",
            EnumSet.of(Param.RATE, Param.BURST), EnumSet.noneOf(Param.class), LeakyBucketQueue::new),
    FIXED_WINDOW("fixed-window",
            "Counts requests per clock-aligned window; allows up to 2x the limit across a window boundary.",
            EnumSet.of(Param.RATE), EnumSet.of(Param.WINDOW), FixedWindow::new),
    SLIDING_LOG("sliding-log",
            "Remembers each admitted request's time; exact limit over any window, memory grows with the limit.",
            EnumSet.of(Param.RATE), EnumSet.of(Param.WINDOW), SlidingLog::new),
    SLIDING_WINDOW("sliding-window",
            "Current window count plus the previous window's weighted by its remaining overlap.",
            EnumSet.of(Param.RATE), EnumSet.of(Param.WINDOW), SlidingWindowCounter::new),
    GCRA("gcra",
            "Generic cell rate algorithm (redis-cell): one timestamp per key, burst+1 back-to-back, then 1 per 1/rate.",
            EnumSet.of(Param.RATE), EnumSet.of(Param.BURST), Gcra::new),
    CONCURRENCY("concurrency",
            "Bounds requests in flight, not their rate; a permit returns when the response completes.",
            EnumSet.of(Param.CONCURRENCY), EnumSet.noneOf(Param.class), ConcurrencyLimit::new),
    ENVOY_LOCAL("envoy-local",
            "Envoy local_ratelimit: max_tokens bucket, continuous refill (1.31+), or the legacy fill timer.",
            EnumSet.of(Param.RATE, Param.BURST), EnumSet.of(Param.FILL_INTERVAL, Param.LEGACY_TIMER),
            EnvoyLocalRateLimit::create),
    NGINX_LIMIT_REQ("nginx-limit-req",
            "nginx limit_req: millisecond leaky bucket in milli-requests; burst, nodelay or delay=N.",
            EnumSet.of(Param.RATE), EnumSet.of(Param.BURST, Param.NODELAY, Param.DELAY), NginxLimitReq::new),
    HAPROXY_REQ_RATE("haproxy-req-rate",
            "HAProxy http_req_rate(period): denied when the weighted count is greater than rate x period.",
            EnumSet.of(Param.RATE), EnumSet.of(Param.PERIOD), HaproxyReqRate::new);

    /** The parameters a {@link LimiterSpec} may carry, under their file and flag names. */
    public enum Param {
        RATE("rate"), BURST("burst"), WINDOW("window"), PERIOD("period"), NODELAY("nodelay"), DELAY("delay"),
        FILL_INTERVAL("fillInterval"), LEGACY_TIMER("legacyTimer"), CONCURRENCY("concurrency");

        private final String key;

        Param(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final String id;
    private final String explanation;
    private final Set<Param> required;
    private final Set<Param> optional;
    private final Function<LimiterSpec, LimitAlgorithm> factory;

    Algorithm(String id, String explanation, Set<Param> required, Set<Param> optional,
              Function<LimiterSpec, LimitAlgorithm> factory) {
        this.id = id;
        this.explanation = explanation;
        this.required = required;
        this.optional = optional;
        this.factory = factory;
    }

    /** The name files and flags use, e.g. {@code nginx-limit-req}. */
    public String id() {
        return id;
    }

    /** One line for a picker or {@code --help}. */
    public String explanation() {
        return explanation;
    }

    public Set<Param> required() {
        return required;
    }

    public Set<Param> optional() {
        return optional;
    }

    /** True for the algorithms that reproduce a real engine's arithmetic. */
    public boolean isEngineModel() {
        return this == ENVOY_LOCAL || this == NGINX_LIMIT_REQ || this == HAPROXY_REQ_RATE;
    }

    LimitAlgorithm create(LimiterSpec spec) {
        return factory.apply(spec);
    }

    /**
     * The algorithm of that name.
     *
     * @throws IllegalArgumentException listing the names that exist
     */
    public static Algorithm byId(String id) {
        for (Algorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + id + "'; one of: " + ids());
    }

    /** All names, comma separated, for error messages and help. */
    public static String ids() {
        return Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
