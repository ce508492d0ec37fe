package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a limiter becomes an engine's native limit: the engine-model spec ({@code nginx-limit-req},
 * {@code haproxy-req-rate}, {@code envoy-local}) whose arithmetic the exported config runs, and whether that is the
 * requested limiter exactly. The config writers translate only the engine spec, one to one; every approximation is
 * made here, and {@link Agreement} measures it.
 *
 * <p>Every limiter has a sustained rate {@code R} (its {@code rate}) and a capacity {@code C}, the requests a fresh
 * key may send back to back: {@code burst} for the token bucket, leaky meter and Envoy; {@code burst + 1} for GCRA,
 * nginx and the leaky queue; the window limit {@code L = R x W} for the window algorithms; {@code N = R x period}
 * for HAProxy. The mappings:
 * <ul>
 *   <li>nginx: {@code limit_req rate=R burst=C-1 nodelay} (nginx's first request is free, so C back to back); a
 *       leaky queue keeps its shaping ({@code burst=B} without nodelay); nginx's own limits map to themselves. The
 *       rate is written in r/s or r/m; a rate that is neither a whole number per second nor per minute is rounded
 *       to whole r/m.</li>
 *   <li>HAProxy: {@code http_req_rate(P) gt N}; windows keep {@code N = L, P = W}; the bucket family gets
 *       {@code N = C, P = C / R} rounded to a whole millisecond (HAProxy's tick), so the long-run rate and the
 *       burst are kept. HAProxy cannot delay, so shaping becomes rejection.</li>
 *   <li>Envoy: {@code max_tokens = C}, {@code tokens_per_fill / fill_interval = R} (fill_interval the rate's
 *       period, at least 50 ms). Envoy cannot delay either.</li>
 * </ul>
 * A concurrency limit maps to nginx {@code limit_conn} and to nothing in HAProxy or Envoy ({@link ExportException}).
 *
 * @param requested the limiter asked for
 * @param engine    the engine-model spec the config expresses (for nginx {@code limit_conn}, the concurrency spec)
 * @param exact     true when {@code engine} is {@code requested} itself (same algorithm and values)
 * @param notes     what was mapped and why, in sentences
 */
public record EngineMapping(LimiterSpec requested, LimiterSpec engine, boolean exact, List<String> notes) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final Duration ENVOY_MIN_FILL = Duration.ofMillis(50);

    public EngineMapping {
        notes = List.copyOf(notes);
    }

    /** The nginx {@code limit_req} (or {@code limit_conn}) equivalent of {@code spec}. */
    public static EngineMapping forNginx(LimiterSpec spec) {
        List<String> notes = new ArrayList<>();
        Algorithm a = spec.algorithm();
        if (a == Algorithm.CONCURRENCY) {
            notes.add("concurrency " + spec.concurrency() + " -> nginx limit_conn " + spec.concurrency()
                    + ": limit_conn counts a key's connections that have a request in progress, which on HTTP/1.1"
                    + " is its requests in flight; the limit is checked when the request starts, like RateLab's.");
            return new EngineMapping(spec, spec, false, notes);
        }
        Rate rate = nginxRate(spec.rate(), notes);
        LimiterSpec engine;
        if (a == Algorithm.NGINX_LIMIT_REQ) {
            engine = LimiterSpec.builder(a).name(spec.name()).rate(rate).burst(spec.burst()).nodelay(spec.nodelay())
                    .delay(spec.delay()).build();
        } else if (a == Algorithm.LEAKY_QUEUE) {
            engine = nginx(spec.name(), rate, spec.burstOr(0)).build();
            notes.add(describe(spec) + " -> nginx limit_req rate=" + nginxRateText(rate) + " burst="
                    + spec.burstOr(0) + " (no nodelay): nginx also delays excess requests to the rate and rejects"
                    + " beyond the burst, but meters in whole milliseconds and milli-requests.");
        } else {
            long c = capacity(spec);
            engine = nginx(spec.name(), rate, c - 1).nodelay().build();
            notes.add(describe(spec) + " -> nginx limit_req rate=" + nginxRateText(rate) + " burst=" + (c - 1)
                    + " nodelay: nginx admits a new key's first request for free, so burst=" + (c - 1) + " gives "
                    + c + " back to back, then one per 1/rate. " + shapeNote(a, "nginx"));
        }
        boolean exact = engine.equals(spec);
        if (exact) {
            notes.add("exact: the nginx-limit-req model is nginx's own arithmetic (ENGINES.md section 2).");
        }
        return new EngineMapping(spec, engine, exact, notes);
    }

    /** The HAProxy {@code http_req_rate} equivalent of {@code spec}. */
    public static EngineMapping forHaproxy(LimiterSpec spec) {
        List<String> notes = new ArrayList<>();
        Algorithm a = spec.algorithm();
        refuseConcurrency(spec, "HAProxy");
        LimiterSpec engine;
        if (a == Algorithm.HAPROXY_REQ_RATE) {
            Duration p = spec.period() != null ? spec.period() : spec.rate().period();
            engine = haproxy(spec.name(), spec.rate().countOver(p), p);
        } else if (isWindow(a)) {
            Duration w = spec.windowOrRatePeriod();
            engine = haproxy(spec.name(), capacity(spec), w);
            notes.add(describe(spec) + " -> HAProxy http_req_rate(" + Durations.format(w) + ") gt " + capacity(spec)
                    + ": HAProxy estimates the rate over a sliding period from the current and previous period's"
                    + " counts, and counts denied requests too, so a client that keeps sending stays denied.");
        } else {
            long n = capacity(spec);
            long pNanos = Math.multiplyExact(n, spec.rate().periodNanos()) / spec.rate().count();
            long pMs = Math.max(1, Math.round(pNanos / 1e6));
            engine = haproxy(spec.name(), n, Duration.ofMillis(pMs));
            notes.add(describe(spec) + " -> HAProxy http_req_rate(" + pMs + "ms) gt " + n + ": the capacity " + n
                    + " over the time the rate takes to send it (" + n + " / " + spec.rate() + "), so the long-run"
                    + " rate and the burst are kept" + (pMs * 1_000_000L == pNanos ? "" : " (period rounded to a"
                    + " whole millisecond, HAProxy's tick)") + "; HAProxy counts denied requests too. "
                    + shapeNote(a, "HAProxy"));
        }
        boolean exact = a == Algorithm.HAPROXY_REQ_RATE && engine.rate().equals(spec.rate())
                && (spec.period() == null || spec.period().equals(engine.period()));
        if (exact) {
            notes.add("exact: the haproxy-req-rate model is HAProxy's freq_ctr arithmetic (ENGINES.md section 3).");
        }
        return new EngineMapping(spec, exact ? spec : engine, exact, notes);
    }

    /** The Envoy {@code local_ratelimit} token bucket equivalent of {@code spec}. */
    public static EngineMapping forEnvoy(LimiterSpec spec) {
        List<String> notes = new ArrayList<>();
        Algorithm a = spec.algorithm();
        refuseConcurrency(spec, "Envoy local_ratelimit");
        if (a == Algorithm.ENVOY_LOCAL) {
            Duration fill = spec.fillInterval() != null ? spec.fillInterval() : envoyFillInterval(spec.rate());
            LimiterSpec engine = LimiterSpec.envoyLocal(spec.rate(), spec.burst(), fill).toBuilder().name(spec.name())
                    .legacyTimer(spec.legacyTimer()).build();
            if (Boolean.TRUE.equals(spec.legacyTimer())) {
                notes.add("legacyTimer: Envoy up to 1.30 refills by a timer every fill_interval; Envoy 1.31+ uses"
                        + " the continuous bucket by default and 1.34 removed the timer, so there the same config"
                        + " behaves like legacyTimer: false.");
            }
            notes.add("exact: the envoy-local model is Envoy's token bucket arithmetic (ENGINES.md section 1).");
            return new EngineMapping(spec, spec.fillInterval() != null ? spec : engine, true, notes);
        }
        long c = capacity(spec);
        Duration fill = envoyFillInterval(spec.rate());
        LimiterSpec engine = LimiterSpec.envoyLocal(spec.rate(), c, fill).withName(spec.name());
        notes.add(describe(spec) + " -> Envoy token_bucket max_tokens=" + c + " tokens_per_fill="
                + spec.rate().countOver(fill) + " fill_interval=" + Durations.format(fill) + ": a bucket of " + c
                + " refilled continuously at " + spec.rate() + " (Envoy 1.31+). " + shapeNote(a, "Envoy"));
        return new EngineMapping(spec, engine, false, notes);
    }

    /** The requests a fresh key may send back to back under {@code spec} (see the class comment). */
    public static long capacity(LimiterSpec spec) {
        long c = rawCapacity(spec);
        if (c < 1) {
            throw new ExportException(describe(spec) + " admits no request at all; no engine expresses that");
        }
        return c;
    }

    private static long rawCapacity(LimiterSpec spec) {
        switch (spec.algorithm()) {
            case TOKEN_BUCKET: case LEAKY_BUCKET: case ENVOY_LOCAL:
                return spec.burstOr(0);
            case GCRA: case NGINX_LIMIT_REQ: case LEAKY_QUEUE:
                return spec.burstOr(0) + 1;
            case FIXED_WINDOW: case SLIDING_LOG: case SLIDING_WINDOW:
                return spec.rate().countOver(spec.windowOrRatePeriod());
            case HAPROXY_REQ_RATE:
                return spec.rate().countOver(spec.period() != null ? spec.period() : spec.rate().period());
            default:
                throw new ExportException("a " + spec.algorithm().id() + " limit has no request capacity");
        }
    }

    /** nginx's {@code rate=} text for a rate already in r/s or r/m. */
    public static String nginxRateText(Rate r) {
        return r.count() + (r.periodNanos() == NANOS_PER_SECOND ? "r/s" : "r/m");
    }

    /** The rate as nginx can write it: whole r/s, else whole r/m, else rounded to whole r/m (noted). */
    static Rate nginxRate(Rate r, List<String> notes) {
        long p = r.periodNanos();
        if (Math.multiplyHigh(r.count(), NANOS_PER_MINUTE) == 0) {
            if (r.count() * NANOS_PER_SECOND % p == 0) {
                return Rate.perSecond(r.count() * NANOS_PER_SECOND / p);
            }
            if (r.count() * NANOS_PER_MINUTE % p == 0) {
                return new Rate(r.count() * NANOS_PER_MINUTE / p, Duration.ofMinutes(1));
            }
        }
        long perMinute = Math.max(1, Math.round(r.count() * (double) NANOS_PER_MINUTE / p));
        notes.add("rate " + r + " is not a whole number per second or per minute; nginx gets " + perMinute + "r/m.");
        return new Rate(perMinute, Duration.ofMinutes(1));
    }

    private static Duration envoyFillInterval(Rate r) {
        Duration period = r.period();
        long k = Math.max(1, (ENVOY_MIN_FILL.toNanos() + r.periodNanos() - 1) / r.periodNanos());
        return period.multipliedBy(k);
    }

    private static LimiterSpec.Builder nginx(String name, Rate rate, long burst) {
        return LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).name(name).rate(rate).burst(burst);
    }

    private static LimiterSpec haproxy(String name, long n, Duration period) {
        return LimiterSpec.haproxyReqRate(n, period).withName(name);
    }

    private static boolean isWindow(Algorithm a) {
        return a == Algorithm.FIXED_WINDOW || a == Algorithm.SLIDING_LOG || a == Algorithm.SLIDING_WINDOW;
    }

    private static void refuseConcurrency(LimiterSpec spec, String target) {
        if (spec.algorithm() == Algorithm.CONCURRENCY) {
            throw new ExportException("a concurrency limit cannot be exported to " + target + ", which limits rates"
                    + " only; export it to nginx (limit_conn) or run RateLab's sidecar (--format ratelab or k8s)");
        }
    }

    private static String shapeNote(Algorithm a, String engine) {
        switch (a) {
            case LEAKY_QUEUE:
                return engine + " cannot queue: requests the leaky queue would delay are rejected.";
            case NGINX_LIMIT_REQ:
                return engine + " cannot delay: requests nginx would delay (no nodelay, or beyond delay=N) are"
                        + " admitted at once.";
            case FIXED_WINDOW: case SLIDING_LOG: case SLIDING_WINDOW:
                return "A bucket refills continuously instead of counting per window.";
            default:
                return "";
        }
    }

    /** {@code token-bucket rate=10/s burst=20}: the spec in its own words, for notes. */
    static String describe(LimiterSpec s) {
        StringBuilder b = new StringBuilder(s.algorithm().id());
        append(b, "rate", s.rate());
        append(b, "burst", s.burst());
        append(b, "window", s.window() == null ? null : Durations.format(s.window()));
        append(b, "period", s.period() == null ? null : Durations.format(s.period()));
        append(b, "nodelay", s.nodelay());
        append(b, "delay", s.delay());
        append(b, "fillInterval", s.fillInterval() == null ? null : Durations.format(s.fillInterval()));
        append(b, "concurrency", s.concurrency());
        return b.toString();
    }

    private static void append(StringBuilder b, String key, Object value) {
        if (value != null) {
            b.append(' ').append(key).append('=').append(value);
        }
    }
}
