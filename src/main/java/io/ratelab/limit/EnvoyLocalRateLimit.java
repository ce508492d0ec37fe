package io.ratelab.limit;

/**
 * Envoy {@code envoy.filters.http.local_ratelimit}, current token bucket ({@code AtomicTokenBucketImpl}, the only one
 * since Envoy 1.34): a bucket of {@code max_tokens} refilled continuously at {@code tokens_per_fill / fill_interval}
 * tokens per second, fractions kept. {@link #create} builds this, or {@link EnvoyTimerTokenBucket} when the spec asks
 * for {@code legacyTimer}. Parameters: {@link EnvoyTokenBucket}.
 *
 * <p>Read from envoyproxy/envoy {@code source/common/common/token_bucket_impl.{h,cc}} (the version whose
 * {@code AtomicTokenBucketImpl::consume(cb)} keeps one atomic double {@code time_in_seconds_}) and
 * {@code source/extensions/filters/common/local_ratelimit/local_ratelimit_impl.{h,cc}} (the newest stored version,
 * with {@code RateLimitTokenBucket::consume(factor, to_consume)}, {@code refill} and weighted shares; also 5a6c7aa8
 * and 016c0c80). Envoy's math, with fill rate {@code ρ = tokens_per_fill / fill_interval}: state is one time
 * {@code t}; {@code tokens(now) = min(max_tokens, (now - t)·ρ)}; a new bucket is full,
 * {@code t = now - max_tokens/ρ}; a request of {@code k} tokens ({@code hits_addend}) is denied, state untouched,
 * when {@code tokens(now) < k}, else {@code t = now - (tokens(now) - k)/ρ}. So a request needs a whole token and
 * fractions accumulate: burst {@code max_tokens}, then one per {@code 1/ρ}, smoothly.
 *
 * <p>Envoy computes in double seconds since its boot; the model computes the same quantity exactly in integers
 * (time {@code t} in ns plus a remainder in units of {@code 1/tokens_per_fill} ns, after dividing
 * {@code tokens_per_fill} and {@code fill_interval} by their gcd), so it does not depend on where the caller's clock
 * starts. The two differ only for a request within a rounding error (far below a nanosecond's worth of tokens) of
 * a token boundary. Over any span {@code T} at most {@code max_tokens + floor(T·ρ)} pass.
 * Decision fields: limit {@code max_tokens} ({@code x-ratelimit-limit}); remaining {@code floor(tokens)} after the
 * request ({@code x-ratelimit-remaining}); retry-after the exact time until {@code k} tokens exist; reset-after the
 * time until the bucket is full. Envoy's own {@code x-ratelimit-reset} is coarser: whole seconds of its
 * {@code nextTokenAvailable()} (integer division, so 0 whenever a token is there); the atomic bucket's
 * {@code nextTokenAvailable} body was not in the stored sources, so the model does not claim that header's value.
 *
 * <p>Not modelled: {@code local_cluster_rate_limit} (each request then takes {@code 1/share} tokens: divide rate and
 * burst by the instance count), descriptors, {@code filter_enabled}/{@code filter_enforced} percentages.
 * Thread-safety: immutable; the caller serialises access to a key's slots.
 */
final class EnvoyLocalRateLimit implements LimitAlgorithm {

    private static final int TIME = 0;
    private static final int REMAINDER = 1;

    private final EnvoyTokenBucket bucket;
    /** Tokens per fill and fill interval (ns), divided by their gcd: {@code ρ = perFill / perNanos} tokens per ns. */
    private final long perFill;
    private final long perNanos;
    /** {@code max_tokens · perNanos}: a full bucket in "token-nanos". */
    private final long capacity;
    private final Policy policy;

    private EnvoyLocalRateLimit(EnvoyTokenBucket bucket) {
        this.bucket = bucket;
        long g = gcd(bucket.tokensPerFill(), bucket.fillIntervalNanos());
        this.perFill = bucket.tokensPerFill() / g;
        this.perNanos = bucket.fillIntervalNanos() / g;
        try {
            this.capacity = Math.multiplyExact(bucket.maxTokens(), perNanos);
            this.policy = Policy.refilling(bucket.maxTokens(), bucket.fullSpanNanos());
        } catch (ArithmeticException e) {
            throw new SpecException("burst", bucket.maxTokens() + " tokens is too large at this fill interval");
        }
    }

    /** The Envoy model a spec asks for: the continuous bucket, or the legacy fill timer with {@code legacyTimer}. */
    static LimitAlgorithm create(LimiterSpec spec) {
        EnvoyTokenBucket bucket = EnvoyTokenBucket.of(spec);
        return Boolean.TRUE.equals(spec.legacyTimer()) ? new EnvoyTimerTokenBucket(bucket)
                : new EnvoyLocalRateLimit(bucket);
    }

    @Override
    public Algorithm type() {
        return Algorithm.ENVOY_LOCAL;
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        store(state, offset, nowNanos, capacity);
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long time = state[offset + TIME];
        long remainder = state[offset + REMAINDER];
        long max = bucket.maxTokens();
        long tokens = Math.min(capacity, tokenNanos(time, remainder, nowNanos));
        if (permits > max) {
            return Decision.rejected(max, Decision.NEVER_NANOS, Math.max(0, fullAt(time, remainder) - nowNanos));
        }
        long need = permits * perNanos;
        if (tokens < need) {
            long retry = time + ceilDiv(need + remainder, perFill) - nowNanos;
            return Decision.rejected(max, retry, Math.max(0, fullAt(time, remainder) - nowNanos));
        }
        long left = tokens - need;
        store(state, offset, nowNanos, left);
        long reset = fullAt(state[offset + TIME], state[offset + REMAINDER]) - nowNanos;
        return Decision.allowed(max, left / perNanos, reset);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return tokenNanos(state[offset + TIME], state[offset + REMAINDER], nowNanos) >= capacity;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "envoy-local(" + bucket.describe() + ")";
    }

    /** {@code tokens(now)·perNanos} before the cap; saturates at just over the capacity for a long-idle key. */
    private long tokenNanos(long time, long remainder, long nowNanos) {
        long elapsed = nowNanos - time;
        if (elapsed > (capacity + remainder) / perFill + 1) {
            return capacity + 1;
        }
        return elapsed * perFill - remainder;
    }

    /** The instant the bucket holds {@code max_tokens} again. */
    private long fullAt(long time, long remainder) {
        return time + ceilDiv(capacity + remainder, perFill);
    }

    /** Writes the state in which the bucket holds {@code tokenNanos} at {@code nowNanos}. */
    private void store(long[] state, int offset, long nowNanos, long tokenNanos) {
        long back = ceilDiv(tokenNanos, perFill);
        state[offset + TIME] = nowNanos - back;
        state[offset + REMAINDER] = back * perFill - tokenNanos;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
