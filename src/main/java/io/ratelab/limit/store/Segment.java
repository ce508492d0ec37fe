package io.ratelab.limit.store;

import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;

import java.util.Arrays;

/**
 * One stripe of a {@link KeyedLimiter}: an open-addressing, linear-probing hash table in a single {@code long[]}.
 *
 * <p>Slot {@code i} occupies {@code stride = 2 + stateSlots} longs from {@code i * stride}: the key's 64-bit
 * fingerprint (0 marks an empty slot), the last access time in nanos, then the algorithm's state. A key's home slot
 * is the fingerprint's low bits; deletion shifts the following run back (no tombstones), so a probe stops at the
 * first empty slot. The table doubles when it is three quarters full, up to {@code maxCapacity}, which is sized so
 * that {@code maxEntries} fit at that load; at {@code maxEntries} one key is evicted before a new one goes in.
 *
 * <p>Thread-safety: every method but {@link #size()} holds this segment's monitor. A monitor rather than a
 * {@code ReentrantLock}: the critical sections are a probe and a few arithmetic steps, and HotSpot's monitors spin
 * briefly before parking, which suits them better than parking at once. {@link #size()} reads a volatile count.
 */
final class Segment {

    private static final int FINGERPRINT = 0;
    private static final int LAST_ACCESS = 1;
    private static final int STATE = 2;
    /** Occupied slots examined per eviction, as Redis samples keys for its approximate LRU. */
    static final int EVICTION_SAMPLE = 8;
    /** Slots the lazy expiry sweep examines on each insert. */
    private static final int SWEEP_STEPS = 4;

    private final LimitAlgorithm algorithm;
    private final int stride;
    private final int maxEntries;
    private final int maxCapacity;
    private final long idleExpiryNanos;
    private final boolean evictOnlyIdleUnlessFull;
    private final int initialCapacity;

    private long[] table;
    private int mask;
    private int growAt;
    private volatile int size;
    private int sweepCursor;
    private long sampleSeed;

    Segment(LimitAlgorithm algorithm, int maxEntries, int maxCapacity, int initialCapacity, long idleExpiryNanos,
            boolean evictOnlyIdleUnlessFull, long seed) {
        this.algorithm = algorithm;
        this.stride = STATE + algorithm.stateSlots();
        this.maxEntries = maxEntries;
        this.maxCapacity = maxCapacity;
        this.idleExpiryNanos = idleExpiryNanos;
        this.evictOnlyIdleUnlessFull = evictOnlyIdleUnlessFull;
        this.sampleSeed = seed | 1;
        this.initialCapacity = Math.min(initialCapacity, maxCapacity);
        // A one-long placeholder: every probe sees an empty slot, and the first insert allocates the real table,
        // so segments that never see a key cost almost nothing whatever the state size.
        this.table = new long[1];
    }

    /** The smallest power-of-two slot count that holds {@code entries} at a load of at most 3/4. */
    static long capacityFor(long entries) {
        long needed = Math.max(2, (entries * 4 + 2) / 3);
        return Long.highestOneBit(needed - 1) << 1;
    }

    Decision acquire(long fingerprint, long nowNanos, int permits) {
        synchronized (this) {
            int base = find(fingerprint);
            if (base < 0) {
                base = insert(fingerprint, nowNanos);
            } else {
                touch(base, nowNanos);
            }
            return algorithm.acquire(table, base + STATE, nowNanos, permits);
        }
    }

    void release(long fingerprint, long nowNanos, int permits) {
        synchronized (this) {
            int base = find(fingerprint);
            if (base >= 0) {
                touch(base, nowNanos);
                algorithm.release(table, base + STATE, nowNanos, permits);
            }
        }
    }

    /** Forgets every key that is expired at {@code nowNanos}; returns how many. */
    int removeExpired(long nowNanos) {
        synchronized (this) {
            int before = size;
            int i = 0;
            while (i <= mask) {
                int base = i * stride;
                if (table[base] != 0 && isExpired(base, nowNanos)) {
                    delete(i); // the run shifted back into slot i: look at it again
                } else {
                    i++;
                }
            }
            return before - size;
        }
    }

    /** True when {@code fingerprint} is held; for tests and diagnostics. */
    boolean contains(long fingerprint) {
        synchronized (this) {
            return find(fingerprint) >= 0;
        }
    }

    int size() {
        return size;
    }

    /** Slots currently allocated (grows by doubling up to the maximum). */
    int capacity() {
        synchronized (this) {
            return mask + 1;
        }
    }

    /** Bytes of the slot array: 16 bytes of array header plus 8 per long. */
    long tableBytes() {
        synchronized (this) {
            return 16L + 8L * table.length;
        }
    }

    private int find(long fingerprint) {
        long[] t = table;
        int m = mask;
        for (int i = (int) fingerprint & m; ; i = (i + 1) & m) {
            long f = t[i * stride];
            if (f == fingerprint) {
                return i * stride;
            }
            if (f == 0) {
                return -1;
            }
        }
    }

    private int insert(long fingerprint, long nowNanos) {
        sweep(nowNanos, SWEEP_STEPS);
        if (size >= maxEntries) {
            evictOne(nowNanos);
        } else if (size >= growAt && mask + 1 < maxCapacity) {
            resize(table.length == 1 ? initialCapacity : (mask + 1) * 2);
        }
        int base = emptySlot(table, mask, fingerprint);
        table[base + FINGERPRINT] = fingerprint;
        table[base + LAST_ACCESS] = nowNanos;
        algorithm.initialize(table, base + STATE, nowNanos);
        size = size + 1;
        return base;
    }

    private void touch(int base, long nowNanos) {
        if (nowNanos - table[base + LAST_ACCESS] > 0) {
            table[base + LAST_ACCESS] = nowNanos;
        }
    }

    private int emptySlot(long[] t, int m, long fingerprint) {
        int i = (int) fingerprint & m;
        while (t[i * stride] != 0) {
            i = (i + 1) & m;
        }
        return i * stride;
    }

    private boolean isExpired(int base, long nowNanos) {
        return nowNanos - table[base + LAST_ACCESS] >= idleExpiryNanos
                && algorithm.isIdle(table, base + STATE, nowNanos);
    }

    /** Examines {@code steps} slots from the sweep cursor and deletes the expired ones (lazy, Redis-style expiry). */
    private void sweep(long nowNanos, int steps) {
        int i = sweepCursor & mask;
        for (int n = 0; n < steps; n++) {
            int base = i * stride;
            if (table[base] != 0 && isExpired(base, nowNanos)) {
                delete(i); // the run shifted back into slot i: look at it again
            } else {
                i = (i + 1) & mask;
            }
        }
        sweepCursor = i;
    }

    /**
     * Removes one key to make room: among {@link #EVICTION_SAMPLE} occupied slots from a random start, an expired key
     * at once, else the longest-untouched idle key, else the longest-untouched busy key (its state is reset, as nginx
     * does when its zone is full). When busy keys must be kept (permits in flight), the whole segment is searched for
     * an idle key before a busy one is evicted.
     */
    private void evictOne(long nowNanos) {
        int idle = -1;
        int busy = -1;
        int seen = 0;
        int start = (int) nextRandom() & mask;
        for (int n = 0, i = start; n <= mask && seen < EVICTION_SAMPLE; n++, i = (i + 1) & mask) {
            int base = i * stride;
            if (table[base] == 0) {
                continue;
            }
            seen++;
            if (algorithm.isIdle(table, base + STATE, nowNanos)) {
                if (nowNanos - table[base + LAST_ACCESS] >= idleExpiryNanos) {
                    delete(i);
                    return;
                }
                idle = olderOf(idle, i);
            } else {
                busy = olderOf(busy, i);
            }
        }
        if (idle < 0 && evictOnlyIdleUnlessFull) {
            idle = oldestIdleAnywhere(nowNanos);
        }
        delete(idle >= 0 ? idle : busy);
    }

    private int oldestIdleAnywhere(long nowNanos) {
        int oldest = -1;
        for (int i = 0; i <= mask; i++) {
            int base = i * stride;
            if (table[base] != 0 && algorithm.isIdle(table, base + STATE, nowNanos)) {
                oldest = olderOf(oldest, i);
            }
        }
        return oldest;
    }

    private int olderOf(int current, int candidate) {
        if (current < 0) {
            return candidate;
        }
        long a = table[current * stride + LAST_ACCESS];
        long b = table[candidate * stride + LAST_ACCESS];
        return b - a < 0 ? candidate : current;
    }

    /** Deletes slot {@code i} by backward shift: each later entry of the run moves into the hole if its home allows. */
    private void delete(int i) {
        long[] t = table;
        int m = mask;
        int hole = i;
        for (int j = (i + 1) & m; t[j * stride] != 0; j = (j + 1) & m) {
            int home = (int) t[j * stride] & m;
            if (((j - home) & m) >= ((j - hole) & m)) {
                System.arraycopy(t, j * stride, t, hole * stride, stride);
                hole = j;
            }
        }
        Arrays.fill(t, hole * stride, hole * stride + stride, 0L);
        size = size - 1;
    }

    private void resize(int capacity) {
        long[] old = table;
        int oldCapacity = old.length / stride;
        allocate(capacity);
        for (int i = 0; i < oldCapacity; i++) {
            long f = old[i * stride];
            if (f != 0) {
                System.arraycopy(old, i * stride, table, emptySlot(table, mask, f), stride);
            }
        }
    }

    private void allocate(int capacity) {
        table = new long[Math.multiplyExact(capacity, stride)];
        mask = capacity - 1;
        growAt = capacity / 4 * 3;
    }

    /** xorshift64: deterministic, so a simulation that evicts replays the same way. */
    private long nextRandom() {
        long x = sampleSeed;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        sampleSeed = x;
        return x >>> 1;
    }
}
