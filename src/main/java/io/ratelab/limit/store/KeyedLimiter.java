package io.ratelab.limit.store;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.RateLimiter;

/**
 * Per-key limiter state for many clients (millions of keys) in a bounded, memory-lean table.
 *
 * <p><b>Contract.</b> Each distinct key has its own state of the one {@link LimitAlgorithm}; a key seen for the first
 * time starts fresh ({@link LimitAlgorithm#initialize}). At most {@code maxKeys} keys are held. A key untouched for
 * {@code idleExpiryNanos} whose state is idle ({@link LimitAlgorithm#isIdle}: it decides exactly as a fresh key would)
 * may be forgotten at any time, which changes no decision. Time is an argument in nanoseconds of the caller's
 * monotonic clock; this class reads no clock.
 *
 * <pre>{@code
 * KeyedLimiter perClient = KeyedLimiter.builder(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("100/s"), 10L).build())
 *         .maxKeys(1 << 20).idleExpiryNanos(60_000_000_000L).build();
 * Decision d = perClient.tryAcquire(clientIp, System.nanoTime());
 * }</pre>
 *
 * <p><b>Layout and memory.</b> Keys are spread over up to 256 segments (a power of two, chosen so each holds at least
 * about a thousand keys). Each segment is an open-addressing, linear-probing table in one {@code long[]}: per slot the
 * key's 64-bit fingerprint ({@link #keyHash}), its last access time and the algorithm's state slots, so
 * {@code 8·(2 + stateSlots)} bytes per slot and no object per key. Tables start small, double at a load of 3/4 and
 * stop at the size that holds their share of {@code maxKeys}, so the load stays between 3/8 and 3/4: for the token
 * bucket (one state slot, 24-byte slots) that is 32 to 64 bytes per key, about 50 at a million keys
 * ({@link #footprintBytes()}). The key's characters are not kept: two keys with the same 64-bit fingerprint share
 * state (about {@code n²/2^65} such pairs among {@code n} keys; the hash is not keyed, so it does not stand up to an
 * adversary who searches for collisions).
 *
 * <p><b>Bound and eviction.</b> Each segment holds at most its share of {@code maxKeys} (the shares sum to
 * {@code maxKeys}), so {@link #size()} never exceeds {@code maxKeys} however many unique keys arrive; as keys hash
 * unevenly, a segment may start evicting a little before the whole table is full. To admit a new key into a full
 * segment, one key is evicted, Redis-style approximate LRU: of 8 occupied slots from a random start, an expired key
 * goes at once, else the longest-untouched idle key, else the longest-untouched busy one. Evicting a busy key resets
 * its state: that client later starts with a fresh quota (a full bucket), as nginx's {@code limit_req} does when its
 * zone is full. For the {@link Algorithm#CONCURRENCY concurrency} limit a busy key holds permits in flight, so the whole
 * segment is searched for an idle key first; only when every key of the segment has permits in flight is the
 * longest-untouched one evicted, and then its in-flight count is forgotten: its later {@link #release}s are ignored
 * and it may admit up to its full limit again. Expired keys are also removed lazily: each insert examines a few slots
 * at a moving cursor; {@link #removeExpired} sweeps everything.
 *
 * <p><b>Thread-safety.</b> Safe for any number of threads without a global lock: each operation takes only its
 * segment's monitor, held for one probe and one algorithm step. {@link #size()} is a sum of per-segment volatile counts
 * and may be momentarily stale under concurrent inserts.
 */
public final class KeyedLimiter implements RateLimiter {

    /** Upper bound on {@code maxKeys}. */
    public static final long MAX_KEYS_LIMIT = 1L << 31;
    private static final int MAX_SEGMENTS = 256;
    private static final int MIN_KEYS_PER_SEGMENT = 1024;
    private static final int INITIAL_SEGMENT_CAPACITY = 16;
    /** Estimated bytes of one segment object besides its table: header and fields (an inflated monitor not counted). */
    private static final long SEGMENT_OVERHEAD_BYTES = 64;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final LimitAlgorithm algorithm;
    private final Segment[] segments;
    private final int segmentMask;
    private final long maxKeys;
    private final long idleExpiryNanos;

    private KeyedLimiter(Builder b) {
        this.algorithm = b.algorithm;
        this.maxKeys = b.maxKeys;
        this.idleExpiryNanos = b.idleExpiryNanos;
        int count = segmentCount(maxKeys);
        this.segments = new Segment[count];
        this.segmentMask = count - 1;
        boolean keepBusy = algorithm.type() == Algorithm.CONCURRENCY;
        int stride = 2 + algorithm.stateSlots();
        int initialCapacity = (int) Math.max(2, Math.min(INITIAL_SEGMENT_CAPACITY, Long.highestOneBit(4096 / stride)));
        for (int s = 0; s < count; s++) {
            long share = maxKeys / count + (s < maxKeys % count ? 1 : 0);
            long capacity = Segment.capacityFor(share);
            if (capacity * stride > MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("maxKeys " + maxKeys + " is too large for a state of "
                        + algorithm.stateSlots() + " slots: a segment's table would exceed a Java array");
            }
            segments[s] = new Segment(algorithm, (int) share, (int) capacity, initialCapacity,
                    idleExpiryNanos, keepBusy, 0x9E3779B97F4A7C15L * (s + 1));
        }
    }

    public static Builder builder(LimitAlgorithm algorithm) {
        return new Builder(algorithm);
    }

    /**
     * The 64-bit fingerprint this table identifies {@code key} by (never 0). Callers that already keep it, or that
     * decide several times per key, can pass it to {@link #acquireHashed} and {@link #releaseHashed}.
     */
    public static long keyHash(CharSequence key) {
        return KeyHash.of(key);
    }

    @Override
    public Decision tryAcquire(CharSequence key, long nowNanos) {
        return acquireHashed(KeyHash.of(key), nowNanos, 1);
    }

    /** Decides a request of {@code permits} units for {@code key} at {@code nowNanos}. */
    public Decision acquire(CharSequence key, long nowNanos, int permits) {
        return acquireHashed(KeyHash.of(key), nowNanos, permits);
    }

    /** As {@link #acquire}, for a key already hashed by {@link #keyHash}; a hash of 0 is treated as 1. */
    public Decision acquireHashed(long keyHash, long nowNanos, int permits) {
        long fingerprint = keyHash == 0 ? 1 : keyHash;
        return segmentFor(fingerprint).acquire(fingerprint, nowNanos, permits);
    }

    /** Hands back one permit of {@code key}; a key not held (never seen, expired or evicted) is ignored. */
    @Override
    public void release(CharSequence key, long nowNanos) {
        releaseHashed(KeyHash.of(key), nowNanos);
    }

    /** As {@link #release}, for a key already hashed by {@link #keyHash}. */
    public void releaseHashed(long keyHash, long nowNanos) {
        long fingerprint = keyHash == 0 ? 1 : keyHash;
        segmentFor(fingerprint).release(fingerprint, nowNanos, 1);
    }

    /** True when the table currently holds state for {@code key}. */
    public boolean contains(CharSequence key) {
        long fingerprint = KeyHash.of(key);
        return segmentFor(fingerprint).contains(fingerprint);
    }

    /** Forgets every key expired at {@code nowNanos} (untouched for the idle expiry and idle); returns how many. */
    public long removeExpired(long nowNanos) {
        long removed = 0;
        for (Segment s : segments) {
            removed += s.removeExpired(nowNanos);
        }
        return removed;
    }

    /** Keys currently held; never more than {@link #maxKeys()}. */
    public long size() {
        long n = 0;
        for (Segment s : segments) {
            n += s.size();
        }
        return n;
    }

    public long maxKeys() {
        return maxKeys;
    }

    public long idleExpiryNanos() {
        return idleExpiryNanos;
    }

    /** How many segments (independently locked stripes) the keys are spread over. */
    public int segmentCount() {
        return segments.length;
    }

    /**
     * Estimated bytes retained by the table: the slot arrays (16-byte header plus 8 bytes per long) plus an estimate
     * of each segment object and the segment array. Divide by {@link #size()} for bytes per key.
     */
    public long footprintBytes() {
        long bytes = 16L + 4L * segments.length;
        for (Segment s : segments) {
            bytes += SEGMENT_OVERHEAD_BYTES + s.tableBytes();
        }
        return bytes;
    }

    @Override
    public LimitAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public String toString() {
        return "keyed " + algorithm + " (maxKeys=" + maxKeys + ", idleExpiryNanos=" + idleExpiryNanos + ", segments="
                + segments.length + ")";
    }

    private Segment segmentFor(long fingerprint) {
        return segments[(int) (fingerprint >>> 56) & segmentMask];
    }

    private static int segmentCount(long maxKeys) {
        long wanted = Math.max(1, maxKeys / MIN_KEYS_PER_SEGMENT);
        return (int) Math.min(MAX_SEGMENTS, Long.highestOneBit(wanted));
    }

    /** Builds a {@link KeyedLimiter}; values are validated as they are set. */
    public static final class Builder {
        private final LimitAlgorithm algorithm;
        private long maxKeys = 1 << 20;
        private long idleExpiryNanos = 60_000_000_000L;

        private Builder(LimitAlgorithm algorithm) {
            if (algorithm == null) {
                throw new IllegalArgumentException("algorithm is required");
            }
            this.algorithm = algorithm;
        }

        /** The most keys held at once (default 2^20, at most 2^31); beyond it the longest-idle keys are forgotten. */
        public Builder maxKeys(long maxKeys) {
            if (maxKeys < 1 || maxKeys > MAX_KEYS_LIMIT) {
                throw new IllegalArgumentException("maxKeys must be between 1 and " + MAX_KEYS_LIMIT + ", got "
                        + maxKeys);
            }
            this.maxKeys = maxKeys;
            return this;
        }

        /**
         * How long a key may stay untouched before it may be forgotten (only once its state is idle); default 60 s.
         */
        public Builder idleExpiryNanos(long nanos) {
            if (nanos < 0) {
                throw new IllegalArgumentException("idleExpiryNanos must not be negative, got " + nanos);
            }
            this.idleExpiryNanos = nanos;
            return this;
        }

        public KeyedLimiter build() {
            return new KeyedLimiter(this);
        }
    }
}
