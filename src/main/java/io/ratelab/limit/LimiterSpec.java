package io.ratelab.limit;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * An immutable description of one limiter: the algorithm and its parameters in human units. It builds the
 * {@link LimitAlgorithm}, compares equal by value, and is what scenario files, the proxy's config, the exporters and
 * the workbench pass around. Absent parameters are {@code null}; defaults are applied by the algorithm.
 *
 * <p>The constructor validates: a parameter the algorithm does not take, a missing required one, or a value out of
 * range fails with a {@link SpecException} naming the parameter and what is allowed.
 *
 * @param name         a label for tables, charts, metrics and the RateLimit headers: printable ASCII (space to
 *                     {@code ~}), at most {@value #MAX_NAME_LENGTH} characters; defaults to the algorithm's name
 * @param algorithm    which algorithm
 * @param rate         sustained rate ({@code 10/s}); for window algorithms the limit per window
 * @param burst        bucket capacity (token bucket, leaky meter, Envoy max_tokens), queue length (leaky queue),
 *                     extra requests (nginx burst, GCRA max_burst)
 * @param window       window length for fixed-window, sliding-log and sliding-window; defaults to the rate's period
 * @param period       HAProxy's {@code http_req_rate(period)}; the threshold is rate x period
 * @param nodelay      nginx {@code nodelay}
 * @param delay        nginx {@code delay=N}
 * @param fillInterval Envoy {@code fill_interval}; tokens_per_fill = rate x fillInterval
 * @param legacyTimer  Envoy's pre-1.31 timer-refilled integer bucket instead of the continuous one
 * @param concurrency  requests in flight for the concurrency limit
 */
public record LimiterSpec(String name, Algorithm algorithm, Rate rate, Long burst, Duration window, Duration period,
                          Boolean nodelay, Long delay, Duration fillInterval, Boolean legacyTimer, Long concurrency) {

    /** The longest limiter name: it labels metric series and travels in every RateLimit header. */
    public static final int MAX_NAME_LENGTH = 100;

    /** Upper bound on a window limit for the sliding log, whose state grows by one long per admitted request. */
    public static final long MAX_SLIDING_LOG_LIMIT = 100_000;

    public LimiterSpec {
        if (algorithm == null) {
            throw new SpecException("algorithm", "is required; one of: " + Algorithm.ids());
        }
        if (name == null || name.isBlank()) {
            name = algorithm.id();
        }
        checkName(name);
        Set<Algorithm.Param> present = EnumSet.noneOf(Algorithm.Param.class);
        addIf(present, rate, Algorithm.Param.RATE);
        addIf(present, burst, Algorithm.Param.BURST);
        addIf(present, window, Algorithm.Param.WINDOW);
        addIf(present, period, Algorithm.Param.PERIOD);
        addIf(present, nodelay, Algorithm.Param.NODELAY);
        addIf(present, delay, Algorithm.Param.DELAY);
        addIf(present, fillInterval, Algorithm.Param.FILL_INTERVAL);
        addIf(present, legacyTimer, Algorithm.Param.LEGACY_TIMER);
        addIf(present, concurrency, Algorithm.Param.CONCURRENCY);
        for (Algorithm.Param p : algorithm.required()) {
            if (!present.contains(p)) {
                throw new SpecException(p.key(), "is required for " + algorithm.id());
            }
        }
        for (Algorithm.Param p : present) {
            if (!algorithm.required().contains(p) && !algorithm.optional().contains(p)) {
                throw new SpecException(p.key(), "does not apply to " + algorithm.id() + "; it takes "
                        + describeParams(algorithm));
            }
        }
        nonNegative("burst", burst);
        nonNegative("delay", delay);
        positive("concurrency", concurrency);
        positive("window", window);
        positive("period", period);
        positive("fillInterval", fillInterval);
        if (Boolean.TRUE.equals(nodelay) && delay != null) {
            throw new SpecException("delay", "cannot be combined with nodelay (nginx accepts one of them)");
        }
    }

    /** Refuses a name an HTTP header or a metric label cannot carry as written (control characters, non-ASCII). */
    private static void checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new SpecException("name", "must be at most " + MAX_NAME_LENGTH + " characters, got "
                    + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < ' ' || c > '~') {
                throw new SpecException("name", "must be printable ASCII (it is sent in RateLimit headers and metric"
                        + " labels); character " + (i + 1) + " is " + (c < ' ' || c == 0x7f
                        ? String.format("the control character 0x%02X", (int) c)
                        : String.format("U+%04X, not ASCII", (int) c)));
            }
        }
    }

    /** A spec with only rate and burst, for the bucket family and the engines that take those two. */
    public static LimiterSpec of(Algorithm algorithm, Rate rate, Long burst) {
        return builder(algorithm).rate(rate).burst(burst).build();
    }

    /** HAProxy's {@code http_req_rate(period)} with {@code threshold} requests per {@code period}. */
    public static LimiterSpec haproxyReqRate(long threshold, Duration period) {
        return builder(Algorithm.HAPROXY_REQ_RATE).rate(new Rate(threshold, period)).period(period).build();
    }

    /** Envoy's {@code local_ratelimit}: {@code maxTokens}, refilled at {@code rate} every {@code fillInterval}. */
    public static LimiterSpec envoyLocal(Rate rate, long maxTokens, Duration fillInterval) {
        return builder(Algorithm.ENVOY_LOCAL).rate(rate).burst(maxTokens).fillInterval(fillInterval).build();
    }

    /**
     * A builder for {@code algorithm}: set what the limiter takes, by name, and {@link Builder#build()} validates
     * as the constructor does. What is not set stays absent ({@code null}), so the algorithm's default applies.
     *
     * <pre>{@code
     * LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).name("api").rate(Rate.parse("10/s")).burst(20).nodelay().build();
     * }</pre>
     */
    public static Builder builder(Algorithm algorithm) {
        return new Builder(algorithm);
    }

    /** A builder holding this spec's values, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder(algorithm).name(name).rate(rate).burst(burst).window(window).period(period)
                .nodelay(nodelay).delay(delay).fillInterval(fillInterval).legacyTimer(legacyTimer)
                .concurrency(concurrency);
    }

    /** Builds the algorithm this spec describes; fails with a {@link SpecException} if the values do not fit it. */
    public LimitAlgorithm build() {
        try {
            return algorithm.create(this);
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SpecException(algorithm.id(), e.getMessage());
        }
    }

    /** The same spec under another name. */
    public LimiterSpec withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /** {@code burst}, or {@code fallback} when absent. */
    public long burstOr(long fallback) {
        return burst == null ? fallback : burst;
    }

    /** The window of a window algorithm: {@code window}, or the rate's own period. */
    public Duration windowOrRatePeriod() {
        return window != null ? window : rate.period();
    }

    static String describeParams(Algorithm a) {
        StringBuilder b = new StringBuilder();
        for (Algorithm.Param p : a.required()) {
            b.append(b.length() == 0 ? "" : ", ").append(p.key()).append(" (required)");
        }
        for (Algorithm.Param p : a.optional()) {
            b.append(b.length() == 0 ? "" : ", ").append(p.key());
        }
        return b.toString();
    }

    private static void addIf(Set<Algorithm.Param> present, Object value, Algorithm.Param p) {
        if (value != null) {
            present.add(p);
        }
    }

    private static void nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new SpecException(field, "must be 0 or more, got " + value);
        }
    }

    private static void positive(String field, Long value) {
        if (value != null && value <= 0) {
            throw new SpecException(field, "must be positive, got " + value);
        }
    }

    private static void positive(String field, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new SpecException(field, "must be a positive duration, got " + Durations.format(value));
        }
    }

    /**
     * Sets a spec's values by name; each setter takes the value in human units, and a {@code null} (or a setter not
     * called) leaves the value absent. Not thread-safe; build once, use the immutable spec.
     */
    public static final class Builder {
        private final Algorithm algorithm;
        private String name;
        private Rate rate;
        private Long burst;
        private Duration window;
        private Duration period;
        private Boolean nodelay;
        private Long delay;
        private Duration fillInterval;
        private Boolean legacyTimer;
        private Long concurrency;

        private Builder(Algorithm algorithm) {
            this.algorithm = algorithm;
        }

        /** The label; absent or blank means the algorithm's name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder rate(Rate rate) {
            this.rate = rate;
            return this;
        }

        public Builder burst(Long burst) {
            this.burst = burst;
            return this;
        }

        public Builder burst(long burst) {
            return burst(Long.valueOf(burst));
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder period(Duration period) {
            this.period = period;
            return this;
        }

        /** Turns nginx's {@code nodelay} on. */
        public Builder nodelay() {
            return nodelay(Boolean.TRUE);
        }

        /** nginx's {@code nodelay} as given: on, explicitly off, or absent. */
        public Builder nodelay(Boolean nodelay) {
            this.nodelay = nodelay;
            return this;
        }

        public Builder delay(Long delay) {
            this.delay = delay;
            return this;
        }

        public Builder delay(long delay) {
            return delay(Long.valueOf(delay));
        }

        public Builder fillInterval(Duration fillInterval) {
            this.fillInterval = fillInterval;
            return this;
        }

        /** Envoy's timer-refilled bucket as given: on, explicitly off, or absent. */
        public Builder legacyTimer(Boolean legacyTimer) {
            this.legacyTimer = legacyTimer;
            return this;
        }

        public Builder concurrency(Long concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder concurrency(long concurrency) {
            return concurrency(Long.valueOf(concurrency));
        }

        /** The spec; fails with a {@link SpecException} as the constructor does. */
        public LimiterSpec build() {
            return new LimiterSpec(name, algorithm, rate, burst, window, period, nodelay, delay, fillInterval,
                    legacyTimer, concurrency);
        }
    }
}
