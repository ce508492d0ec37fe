package io.ratelab.limit;

/**
 * Envoy {@code local_ratelimit}'s legacy token bucket (the default up to 1.30; behind the runtime guard
 * {@code envoy.reloadable_features.no_timer_based_rate_limit_token_bucket=false} in 1.31 to 1.33; removed in 1.34):
 * an integer count of tokens that a main-thread timer tops up by {@code tokens_per_fill} every
 * {@code fill_interval}, capped at {@code max_tokens}. Built by {@link EnvoyLocalRateLimit#create} for a spec with
 * {@code legacyTimer: true}.
 *
 * <p>Read from envoyproxy/envoy {@code source/extensions/filters/common/local_ratelimit/local_ratelimit_impl.cc} at
 * 016c0c80 ({@code onFillTimerHelper}, {@code requestAllowedHelper}, {@code remainingFillInterval}): a new bucket
 * holds {@code max_tokens}; at each timer tick {@code tokens = min(max_tokens, tokens + tokens_per_fill)}; a request
 * is denied when {@code tokens == 0}, else takes one. The fill timer must be at least 50 ms
 * ({@value EnvoyTokenBucket#FILL_TIMER_MESSAGE}). The model places the ticks at the multiples of
 * {@code fill_interval} on the caller's clock (Envoy's timer starts when the filter is configured and drifts by
 * however late the main thread runs it), applies them lazily, and lets a request of {@code k} tokens take {@code k}
 * when at least {@code k} are there. Refill is stepwise: up to {@code max_tokens + tokens_per_fill} pass across one
 * tick, and between admissions at {@code a <= b} at most {@code max_tokens + tokens_per_fill·(ticks in (a, b])}.
 * Decision fields: limit {@code max_tokens}; remaining the integer tokens left; retry-after the tick at which enough
 * tokens are there; reset-after the time to the next tick, which is what Envoy's {@code x-ratelimit-reset} counts
 * down ({@code fill_interval - floor_seconds(now - last_fill)}, in whole seconds). Thread-safety: immutable; the
 * caller serialises access to a key's slots.
 */
final class EnvoyTimerTokenBucket implements LimitAlgorithm {

    private static final int TOKENS = 0;
    private static final int TICK = 1;

    private final EnvoyTokenBucket bucket;
    private final long fillNanos;
    private final Policy policy;

    EnvoyTimerTokenBucket(EnvoyTokenBucket bucket) {
        this.bucket = bucket;
        this.fillNanos = bucket.fillIntervalNanos();
        long ticksToFill = (bucket.maxTokens() + bucket.tokensPerFill() - 1) / bucket.tokensPerFill();
        this.policy = Policy.refilling(bucket.maxTokens(), Math.multiplyExact(ticksToFill, fillNanos));
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
        state[offset + TOKENS] = bucket.maxTokens();
        state[offset + TICK] = Math.floorDiv(nowNanos, fillNanos);
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long tick = Math.floorDiv(nowNanos, fillNanos);
        long tokens = tokensAt(state, offset, tick);
        state[offset + TOKENS] = tokens;
        state[offset + TICK] = Math.max(tick, state[offset + TICK]);
        long nextTick = (tick + 1) * fillNanos - nowNanos;
        if (tokens < permits) {
            long retry = permits > bucket.maxTokens() ? Decision.NEVER_NANOS
                    : (tick + ceilDiv(permits - tokens, bucket.tokensPerFill())) * fillNanos - nowNanos;
            return Decision.rejected(bucket.maxTokens(), retry, nextTick);
        }
        state[offset + TOKENS] = tokens - permits;
        return Decision.allowed(bucket.maxTokens(), tokens - permits, nextTick);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return tokensAt(state, offset, Math.floorDiv(nowNanos, fillNanos)) == bucket.maxTokens();
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "envoy-local(legacy timer, " + bucket.describe() + ")";
    }

    /** The tokens after the ticks up to {@code tick} have fired (none for a clock gone back). */
    private long tokensAt(long[] state, int offset, long tick) {
        long tokens = state[offset + TOKENS];
        long ticks = tick - state[offset + TICK];
        if (ticks <= 0) {
            return tokens;
        }
        long missing = bucket.maxTokens() - tokens;
        return ticks >= ceilDiv(missing, bucket.tokensPerFill()) ? bucket.maxTokens()
                : tokens + ticks * bucket.tokensPerFill();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
