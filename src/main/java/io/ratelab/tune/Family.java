package io.ratelab.tune;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;

import java.time.Duration;
import java.util.Locale;

/**
 * An algorithm the tuner computes a frontier for, with what its target can express: how a wanted rate is rounded to
 * a setting the algorithm (and, for the engine models, the engine's config) can write, the {@link BurstMeter} in that
 * algorithm's arithmetic, and the spec a setting and burst make.
 * <ul>
 *   <li>RateLab's token bucket, GCRA and leaky bucket: any rate, rounded to three significant digits
 *       ({@code 12.5/s} is written {@code 125/10s});</li>
 *   <li>Envoy: {@code tokens_per_fill / fill_interval} with the fill interval the rate's period (1 s to 1000 s, whole
 *       ms, at least 50 ms) and whole {@code max_tokens};</li>
 *   <li>nginx: a whole {@code N r/s} (from 10 r/s up) or {@code N r/m} (below), integer {@code burst}, {@code nodelay}
 *       (the frontier: the keys spared pass untouched, nothing delayed); {@link Candidates} adds {@code delay=N}
 *       variants that shape the excess instead of rejecting it;</li>
 *   <li>HAProxy: a whole-millisecond period {@code P} and an integer threshold {@code N} ({@code gt N}); its "rate" is
 *       {@code N / P} and its "burst" {@code N}, the settings' grid being one of periods, 100 ms to 10 min, to two significant
 *       digits.</li>
 *   <li>fixed window, sliding log, sliding window counter: a window {@code W} people write (100 ms, 1 s, 10 s,
 *       1 min... 10 min, {@link #WINDOWS_MS}) and a whole limit {@code N} per window, written {@code N/W}; like
 *       HAProxy, their "rate" is {@code N / W} and their "burst" {@code N}.</li>
 * </ul>
 */
public enum Family {
    TOKEN_BUCKET(Algorithm.TOKEN_BUCKET),
    GCRA(Algorithm.GCRA),
    LEAKY_BUCKET(Algorithm.LEAKY_BUCKET),
    ENVOY_LOCAL(Algorithm.ENVOY_LOCAL),
    NGINX_LIMIT_REQ(Algorithm.NGINX_LIMIT_REQ),
    HAPROXY_REQ_RATE(Algorithm.HAPROXY_REQ_RATE),
    FIXED_WINDOW(Algorithm.FIXED_WINDOW),
    SLIDING_LOG(Algorithm.SLIDING_LOG),
    SLIDING_WINDOW(Algorithm.SLIDING_WINDOW);

    /** The windows the window algorithms are tuned over, ms: the lengths people write, 100 ms to 10 min. */
    static final long[] WINDOWS_MS = {100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000,
            60_000, 120_000, 300_000, 600_000};

    private final Algorithm algorithm;

    Family(Algorithm algorithm) {
        this.algorithm = algorithm;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The family of {@code a}.
     *
     * @throws IllegalArgumentException for an algorithm the tuner has no frontier for, naming those it has
     */
    public static Family of(Algorithm a) {
        for (Family f : values()) {
            if (f.algorithm == a) {
                return f;
            }
        }
        StringBuilder b = new StringBuilder();
        for (Family f : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(f.algorithm.id());
        }
        throw new IllegalArgumentException("--algorithm: the tuner computes frontiers for " + b + "; not for "
                + a.id());
    }

    /** True when the grid is of periods (HAProxy's, or the window algorithms' windows) rather than rates. */
    public boolean gridOfPeriods() {
        return this == HAPROXY_REQ_RATE || isWindow();
    }

    /** True for the window algorithms: fixed window, sliding log, sliding window counter. */
    public boolean isWindow() {
        return this == FIXED_WINDOW || this == SLIDING_LOG || this == SLIDING_WINDOW;
    }

    /**
     * The setting nearest to {@code value}: a rate per second, or for HAProxy a period in seconds.
     *
     * @return the setting, with the relative rounding error
     */
    public Setting snap(double value) {
        switch (this) {
            case NGINX_LIMIT_REQ -> {
                Rate r = value >= 10 ? Rate.perSecond(Math.round(value))
                        : new Rate(Math.max(1, Math.round(value * 60)), Duration.ofMinutes(1));
                return new Setting(r, null, error(nginxPerSecond(r), value));
            }
            case HAPROXY_REQ_RATE -> {
                long ms = twoDigits(Math.max(1, Math.round(value * 1000)));
                return new Setting(null, Duration.ofMillis(ms), error(ms / 1000.0, value));
            }
            case FIXED_WINDOW, SLIDING_LOG, SLIDING_WINDOW -> {
                long best = WINDOWS_MS[0];
                for (long w : WINDOWS_MS) {
                    if (Math.abs(Math.log(w / 1000.0 / value)) < Math.abs(Math.log(best / 1000.0 / value))) {
                        best = w;
                    }
                }
                // the window is a setting of its own grid, not a rounded rate: nothing is lost to rounding
                return new Setting(null, Duration.ofMillis(best), 0);
            }
            default -> {
                Rate r = threeDigits(value);
                return new Setting(r, null, error(r.perSecondDouble(), value));
            }
        }
    }

    /** The meter of this family at {@code s}. */
    public BurstMeter meter(Setting s) {
        return switch (this) {
            case TOKEN_BUCKET -> BurstMeter.tokenBucket(s.rate());
            case GCRA -> BurstMeter.gcra(s.rate());
            case LEAKY_BUCKET -> BurstMeter.leakyBucket(s.rate());
            case ENVOY_LOCAL -> BurstMeter.envoy(s.rate(), s.rate().period());
            case NGINX_LIMIT_REQ -> BurstMeter.nginx(nginxMilli(s.rate()));
            case HAPROXY_REQ_RATE -> BurstMeter.haproxy(s.period().toMillis());
            case FIXED_WINDOW -> WindowMeter.fixedWindow(s.period().toNanos());
            case SLIDING_LOG -> WindowMeter.slidingLog(s.period().toNanos());
            case SLIDING_WINDOW -> WindowMeter.slidingWindow(s.period().toNanos());
        };
    }

    /** The limiter of setting {@code s} with {@code burst} (HAProxy: threshold). */
    public LimiterSpec spec(Setting s, long burst) {
        return switch (this) {
            case HAPROXY_REQ_RATE -> LimiterSpec.haproxyReqRate(Math.max(1, burst), s.period());
            case FIXED_WINDOW, SLIDING_LOG, SLIDING_WINDOW -> LimiterSpec.of(algorithm,
                    new Rate(Math.max(1, burst), s.period()), null);
            case NGINX_LIMIT_REQ -> LimiterSpec.builder(algorithm).rate(s.rate()).burst(burst == 0 ? null : burst)
                    .nodelay().build();
            case ENVOY_LOCAL -> LimiterSpec.envoyLocal(s.rate(), Math.max(1, burst), s.rate().period());
            case GCRA -> LimiterSpec.of(algorithm, s.rate(), burst);
            default -> LimiterSpec.of(algorithm, s.rate(), Math.max(1, burst));
        };
    }

    /** True for the window algorithms. */
    public static boolean isWindow(Algorithm a) {
        return a == Algorithm.FIXED_WINDOW || a == Algorithm.SLIDING_LOG || a == Algorithm.SLIDING_WINDOW;
    }

    /** The sustained rate of a spec of this family, requests per second. */
    public static double perSecond(LimiterSpec spec) {
        if (spec.algorithm() == Algorithm.NGINX_LIMIT_REQ) {
            return nginxPerSecond(spec.rate());
        }
        return spec.rate().perSecondDouble();
    }

    /** The burst of a spec of this family (HAProxy: its threshold {@code N}; a window algorithm: its limit). */
    public static long burst(LimiterSpec spec) {
        if (spec.algorithm() == Algorithm.HAPROXY_REQ_RATE) {
            return spec.rate().countOver(spec.period());
        }
        if (isWindow(spec.algorithm())) {
            return spec.rate().countOver(spec.windowOrRatePeriod());
        }
        return spec.burstOr(0);
    }

    /** nginx's integer milli-requests per second for a whole {@code r/s} or {@code r/m} rate. */
    static long nginxMilli(Rate r) {
        return r.period().equals(Duration.ofMinutes(1)) ? r.count() * 1000 / 60 : r.count() * 1000;
    }

    private static double nginxPerSecond(Rate r) {
        return r.period().equals(Duration.ofMinutes(1)) ? nginxMilli(r) / 1000.0 : r.count();
    }

    /** {@code ms} to two significant digits ({@code 12662} is {@code 13000}): periods people write. */
    static long twoDigits(long ms) {
        long scale = 1;
        while (ms / scale >= 100) {
            scale *= 10;
        }
        return Math.round(ms / (double) scale) * scale;
    }

    /** {@code perSecond} to three significant digits as a whole count over 1, 10, 100, 1000 or 10000 s. */
    static Rate threeDigits(double perSecond) {
        long scale = 1;
        while (perSecond * scale < 99.5 && scale < 10_000) {
            scale *= 10;
        }
        long count = Math.max(1, Math.round(perSecond * scale));
        while (scale > 1 && count % 10 == 0) {
            count /= 10;
            scale /= 10;
        }
        return new Rate(count, Duration.ofSeconds(scale));
    }

    /** A rate per second for people: {@code 12.5/s}, {@code 0.25/s}. */
    public static String format(double perSecond) {
        String s = String.format(Locale.ROOT, perSecond >= 100 ? "%.0f" : perSecond >= 1 ? "%.2f" : "%.4f",
                perSecond);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s + "/s";
    }

    private static double error(double got, double wanted) {
        return wanted == 0 ? 0 : Math.abs(got - wanted) / wanted;
    }

    /**
     * One expressible setting of a family.
     *
     * @param rate          the rate (null for HAProxy, whose rate follows from its threshold)
     * @param period        HAProxy's period (null otherwise)
     * @param roundingError the relative distance from the value asked for
     */
    public record Setting(Rate rate, Duration period, double roundingError) {
    }
}
