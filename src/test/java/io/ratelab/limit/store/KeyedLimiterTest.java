package io.ratelab.limit.store;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-threaded contract of the keyed table: isolation, expiry, the maxKeys bound, eviction order, growth. */
class KeyedLimiterTest {

    static final long SECOND = 1_000_000_000L;

    /** 100/s with a burst of 10: full again 100 ms after its last admission. */
    static LimitAlgorithm bucket() {
        return LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("100/s"), 10L).build();
    }

    @Test
    void keysAreIsolated() {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).build();
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire("a", 0).allowed());
        }
        assertFalse(limiter.tryAcquire("a", 0).allowed(), "a's bucket of 10 is empty");
        Decision b = limiter.tryAcquire("b", 0);
        assertTrue(b.allowed(), "b has its own full bucket");
        assertEquals(9, b.remaining());
        assertEquals(2, limiter.size());
    }

    @Test
    void aCharSequenceAndAStringWithTheSameCharsAreOneKey() {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).build();
        limiter.tryAcquire("client-42", 0);
        Decision d = limiter.tryAcquire(new StringBuilder("client-").append(42), 0);
        assertEquals(8, d.remaining());
        assertEquals(1, limiter.size());
        assertEquals(KeyedLimiter.keyHash("client-42"), KeyedLimiter.keyHash(new StringBuilder("client-42")));
    }

    @Test
    void hashedCallsReachTheSameState() {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).build();
        limiter.acquire("k", 0, 4);
        Decision d = limiter.acquireHashed(KeyedLimiter.keyHash("k"), 0, 1);
        assertEquals(5, d.remaining());
    }

    @Test
    void idleKeysExpireAfterTheIdleTimeOnly() {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).idleExpiryNanos(SECOND).build();
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("k" + i, 0);
        }
        assertEquals(0, limiter.removeExpired(SECOND / 2), "idle since 100 ms, but not yet expired");
        assertEquals(100, limiter.removeExpired(SECOND));
        assertEquals(0, limiter.size());
        assertEquals(9, limiter.tryAcquire("k1", SECOND).remaining(), "a forgotten key starts fresh");
    }

    @Test
    void aKeyWithPermitsInFlightNeverExpires() {
        KeyedLimiter limiter = KeyedLimiter.builder(new InFlightLimit(2)).idleExpiryNanos(SECOND).build();
        limiter.tryAcquire("busy", 0);
        limiter.tryAcquire("done", 0);
        limiter.release("done", 0);
        assertEquals(1, limiter.removeExpired(100 * SECOND));
        assertTrue(limiter.contains("busy"));
        assertFalse(limiter.contains("done"));
        limiter.release("busy", 100 * SECOND);
        assertEquals(0, limiter.removeExpired(100 * SECOND), "touched by the release");
        assertEquals(1, limiter.removeExpired(101 * SECOND));
    }

    @Test
    void insertsSweepExpiredKeysLazily() {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).maxKeys(2000).idleExpiryNanos(SECOND).build();
        assertEquals(1, limiter.segmentCount());
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("old" + i, 0);
        }
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("new" + i, 10 * SECOND);
        }
        // 1000 inserts examine 4000 slots of a 2048-slot table: every expired key has been seen and removed.
        assertEquals(1000, limiter.size());
        for (int i = 0; i < 1000; i++) {
            assertFalse(limiter.contains("old" + i));
            assertTrue(limiter.contains("new" + i));
        }
    }

    @Test
    void aFloodOfUniqueKeysNeverExceedsMaxKeysNorGrowsTheTable() {
        long maxKeys = 10_000;
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).maxKeys(maxKeys).build();
        long footprintAtCap = 0;
        for (int i = 0; i < 1_000_000; i++) {
            limiter.tryAcquire("flood-" + i, i * 1_000L); // 1 µs apart: every key is still busy when evicted
            if (i % 1000 == 999) {
                assertTrue(limiter.size() <= maxKeys, "size " + limiter.size() + " after " + (i + 1) + " keys");
            }
            if (i == 100_000) {
                footprintAtCap = limiter.footprintBytes();
            }
        }
        assertTrue(limiter.size() >= maxKeys * 95 / 100, "the table is used, size " + limiter.size());
        assertEquals(footprintAtCap, limiter.footprintBytes(), "memory stops growing at the bound");
        assertTrue(limiter.footprintBytes() <= 64 * maxKeys + 64 * 1024, "footprint " + limiter.footprintBytes());
    }

    @Test
    void evictionApproximatesLeastRecentlyUsed() {
        int maxKeys = 1000;
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).maxKeys(maxKeys).idleExpiryNanos(Long.MAX_VALUE).build();
        for (int i = 0; i < maxKeys; i++) {
            limiter.tryAcquire("k" + i, i * SECOND);
        }
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("k" + i, (2000 + i) * SECOND); // the first hundred become the most recently used
        }
        for (int i = 0; i < 500; i++) {
            limiter.tryAcquire("fresh" + i, (3000 + i) * SECOND);
        }
        int touchedKept = countHeld(limiter, 0, 100);
        int oldestKept = countHeld(limiter, 100, 350);
        int newestKept = countHeld(limiter, 750, 1000);
        System.out.printf("LRU approximation: kept %d/100 touched, %d/250 oldest, %d/250 newest%n", touchedKept,
                oldestKept, newestKept);
        // Exact LRU keeps 100 / 0 / 250, random eviction about 50 / 125 / 125; sampling 8 lands close to LRU.
        assertTrue(touchedKept >= 85, "recently used keys survive: " + touchedKept + "/100");
        assertTrue(oldestKept <= 50, "the oldest quarter is mostly evicted: " + oldestKept + "/250 kept");
        assertTrue(newestKept >= 180, "the newest untouched quarter mostly survives: " + newestKept + "/250 kept");
        assertTrue(countFresh(limiter) >= 490, "the newest keys survive: " + countFresh(limiter) + "/500");
        assertEquals(maxKeys, limiter.size());
    }

    @Test
    void busyKeysAreKeptWhileAnIdleKeyRemainsThenTheTableEvictsByForce() {
        int maxKeys = 100;
        KeyedLimiter limiter = KeyedLimiter.builder(new InFlightLimit(1)).maxKeys(maxKeys)
                .idleExpiryNanos(Long.MAX_VALUE).build();
        for (int i = 0; i < maxKeys; i++) {
            limiter.tryAcquire("k" + i, i);
        }
        limiter.release("k99", 1000); // the newest key is the only idle one
        assertTrue(limiter.tryAcquire("new", 2000).allowed());
        assertFalse(limiter.contains("k99"), "the idle key goes, although it is the most recently used");
        for (int i = 0; i < 99; i++) {
            assertTrue(limiter.contains("k" + i), "k" + i + " has a permit in flight");
        }
        assertTrue(limiter.tryAcquire("another", 3000).allowed());
        assertEquals(maxKeys, limiter.size(), "truly full: one busy key was evicted by force");
    }

    @Test
    void growsAndRehashesAMillionKeysKeepingEveryState() {
        int keys = 1_000_000;
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).maxKeys(2 * keys).build();
        for (int i = 0; i < keys; i++) {
            limiter.acquire("client-" + i, 0, 1 + i % 3);
        }
        assertEquals(keys, limiter.size());
        for (int i = 0; i < keys; i++) {
            Decision d = limiter.tryAcquire("client-" + i, 0);
            assertEquals(10 - (1 + i % 3) - 1, d.remaining(), "client-" + i);
        }
        assertEquals(keys, limiter.size());
        double bytesPerKey = (double) limiter.footprintBytes() / keys;
        System.out.printf("KeyedLimiter token bucket: %d keys, %d bytes, %.1f bytes/key, %d segments%n", keys,
                limiter.footprintBytes(), bytesPerKey, limiter.segmentCount());
        assertTrue(bytesPerKey <= 64, "bytes per key " + bytesPerKey);
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        KeyedLimiter.Builder b = KeyedLimiter.builder(bucket());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxKeys(0)).getMessage().contains("maxKeys"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.idleExpiryNanos(-1)).getMessage()
                .contains("idleExpiryNanos"));
        assertThrows(IllegalArgumentException.class, () -> KeyedLimiter.builder(null));
    }

    private static int countHeld(KeyedLimiter limiter, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += limiter.contains("k" + i) ? 1 : 0;
        }
        return n;
    }

    private static int countFresh(KeyedLimiter limiter) {
        int n = 0;
        for (int i = 0; i < 500; i++) {
            n += limiter.contains("fresh" + i) ? 1 : 0;
        }
        return n;
    }
}
