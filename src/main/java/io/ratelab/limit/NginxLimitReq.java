package io.ratelab.limit;

/**
 * nginx {@code limit_req}: a leaky bucket metered in integer milli-requests on a millisecond clock, reproducing
 * nginx's own arithmetic, truncations included. The equivalent configuration is
 * {@code limit_req_zone $key zone=z:10m rate=<N>r/s|r/m;} and {@code limit_req zone=z [burst=B] [nodelay|delay=D];}
 * (nginx refuses {@code burst=0} and {@code delay=0}: leave them out, which means the same).
 *
 * <p>Read from nginx/nginx {@code src/http/modules/ngx_http_limit_req_module.c} at commit 3f6f7824 (2026-08,
 * {@code ngx_http_limit_req_lookup}, {@code ngx_http_limit_req_account}, {@code ngx_http_limit_req_zone},
 * {@code ngx_http_limit_req}). With {@code r} = rate in milli-requests/s ({@link NginxRate}), {@code b = 1000·burst},
 * {@code d = 1000·delay} ({@code nodelay}: never delay), state {@code (excess, last)} per key and
 * {@code now = floor(nowNanos / 10^6)} ms:
 * <ul>
 *   <li>a key seen for the first time gets a node with {@code excess = 0, last = now} and its request passes
 *       without adding anything: the first request is free, so a new key admits {@code burst + 1} back to back;</li>
 *   <li>otherwise {@code ms = now - last} ({@code ms < -60000} counts as 1, other negative values as 0) and
 *       {@code excess' = max(0, excess - r·ms/1000 + 1000)} in integer arithmetic. The leak {@code r·ms/1000} is
 *       truncated and {@code last} moves to {@code now}, so the fraction is lost for good;</li>
 *   <li>{@code excess' > b} rejects, leaving the state untouched. Otherwise {@code excess = excess'}, and
 *       {@code last = now} only if {@code ms != 0};</li>
 *   <li>an admitted request is held back {@code (excess' - d)·1000/r} ms (integer) when {@code excess' > d}, where
 *       {@code excess'} is the value just stored (with neither {@code delay} nor {@code nodelay}, {@code d = 0}:
 *       every request beyond the first of an idle key waits, the queue-like default).</li>
 * </ul>
 * Over admissions at milliseconds {@code m1 <= m2} at most {@code burst + 1 + floor(r·(m2 - m1)/10^6)} pass.
 * Decision fields: limit {@code burst + 1}; remaining {@code floor((b - excess)/1000)} more at the same
 * millisecond; retry-after the first millisecond at which the leak brings {@code excess'} to {@code b}; reset-after
 * the first millisecond at which {@code r·ms/1000 >= excess + 1000}, when a request finds {@code excess' = 0} like a
 * fresh key's. A request of {@code k > 1} permits is modelled as {@code k} requests in the same millisecond, all
 * admitted or none (nginx itself has no request weights).
 *
 * <p>Not modelled: several {@code limit_req} directives on one request (nginx accounts each and delays by the
 * largest), and nginx forgetting a node that has been idle 60 s with nothing left to leak when another key is
 * inserted; after that the key's next request is free again, where this model (like a surviving node) computes
 * {@code max(0, 1000 - r·ms/1000)}, which is 0 whenever {@code r·ms/1000 >= 1000}, e.g. any rate of at least
 * 1000/60 r/s after 60 s. Thread-safety: immutable; the caller serialises access to a key's slots.
 */
final class NginxLimitReq implements LimitAlgorithm {

    /** {@code last} of a key that has no node yet. */
    private static final long NO_NODE = Long.MIN_VALUE;
    private static final long NANOS_PER_MS = 1_000_000L;
    private static final int EXCESS = 0;
    private static final int LAST = 1;

    private final NginxRate rate;
    private final long burstMilli;
    private final long delayMilli;
    private final long limit;
    private final Policy policy;
    private final String description;

    NginxLimitReq(LimiterSpec spec) {
        this.rate = NginxRate.of(spec.rate());
        long burst = spec.burstOr(0);
        long delay = spec.delay() == null ? 0 : spec.delay();
        if (burst > Integer.MAX_VALUE || delay > Integer.MAX_VALUE) {
            throw new SpecException(burst > Integer.MAX_VALUE ? "burst" : "delay", "is too large for nginx");
        }
        boolean nodelay = Boolean.TRUE.equals(spec.nodelay());
        this.burstMilli = burst * 1000;
        this.delayMilli = nodelay ? Long.MAX_VALUE : delay * 1000;
        this.limit = burst + 1;
        try {
            this.policy = Policy.refilling(limit, Math.multiplyExact(limit, 1_000_000_000_000L) / rate.milliPerSecond());
        } catch (ArithmeticException e) {
            throw new SpecException("burst", burst + " is too large");
        }
        this.description = "nginx-limit-req(rate=" + rate.directive() + " = " + rate.milliPerSecond()
                + " milli-requests/s, burst=" + burst + (nodelay ? ", nodelay" : delay > 0 ? ", delay=" + delay : "")
                + ")";
    }

    @Override
    public Algorithm type() {
        return Algorithm.NGINX_LIMIT_REQ;
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset + EXCESS] = 0;
        state[offset + LAST] = NO_NODE;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long now = Math.floorDiv(nowNanos, NANOS_PER_MS);
        long last = state[offset + LAST];
        long excess = state[offset + EXCESS];
        long ms = 0;
        long next;
        if (last == NO_NODE) {
            next = 1000L * (permits - 1);
        } else {
            ms = elapsedMs(now, last);
            next = Math.max(0, excess - leak(ms) + 1000) + 1000L * (permits - 1);
        }
        if (next > burstMilli) {
            return Decision.rejected(limit, retryAfter(excess, last, nowNanos, permits),
                    resetAfter(excess, last, nowNanos));
        }
        state[offset + EXCESS] = next;
        if (last == NO_NODE || ms != 0) {
            state[offset + LAST] = now;
        }
        long stored = state[offset + LAST];
        long remaining = (burstMilli - next) / 1000;
        long reset = resetAfter(next, stored, nowNanos);
        if (next <= delayMilli) {
            return Decision.allowed(limit, remaining, reset);
        }
        long delayMs = (next - delayMilli) * 1000 / rate.milliPerSecond();
        return delayMs == 0 ? Decision.allowed(limit, remaining, reset)
                : Decision.delayed(limit, remaining, reset, delayMs * NANOS_PER_MS);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        long last = state[offset + LAST];
        if (last == NO_NODE) {
            return true;
        }
        long ms = elapsedMs(Math.floorDiv(nowNanos, NANOS_PER_MS), last);
        return leak(ms) >= state[offset + EXCESS] + 1000;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /** The {@code rate=} value of the equivalent {@code limit_req_zone}, e.g. {@code 10r/s}. */
    String rateDirective() {
        return rate.directive();
    }

    @Override
    public String toString() {
        return description;
    }

    /** nginx's treatment of a clock that went back: far back counts as 1 ms, a little as 0. */
    private static long elapsedMs(long now, long last) {
        long ms = now - last;
        if (ms < -60_000) {
            return 1;
        }
        return Math.max(0, ms);
    }

    /** {@code r·ms/1000} truncated, saturating instead of overflowing for a key idle for ages. */
    private long leak(long ms) {
        long r = rate.milliPerSecond();
        if (ms > Long.MAX_VALUE / r) {
            return Long.MAX_VALUE / 2;
        }
        return r * ms / 1000;
    }

    /** The least {@code ms} with {@code r·ms/1000 >= milli}. */
    private long msToLeak(long milli) {
        long r = rate.milliPerSecond();
        return Math.max(0, Math.floorDiv(Math.multiplyExact(milli, 1000L) + r - 1, r));
    }

    /**
     * Time until {@code permits} requests pass: the first millisecond at which the leak since {@code last} reaches
     * {@code excess + 1000·permits - b}. Never when {@code permits > burst + 1}.
     */
    private long retryAfter(long excess, long last, long nowNanos, int permits) {
        if (1000L * (permits - 1) > burstMilli || last == NO_NODE) {
            return Decision.NEVER_NANOS;
        }
        long retryMs = last + msToLeak(excess + 1000L * permits - burstMilli);
        return Math.max(1, retryMs * NANOS_PER_MS - nowNanos);
    }

    /** Time until a request would find {@code excess' = 0}, as a fresh key does. */
    private long resetAfter(long excess, long last, long nowNanos) {
        if (last == NO_NODE) {
            return 0;
        }
        long idleAtMs = last + msToLeak(excess + 1000);
        return Math.max(0, idleAtMs * NANOS_PER_MS - nowNanos);
    }
}
