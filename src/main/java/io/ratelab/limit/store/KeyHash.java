package io.ratelab.limit.store;

/**
 * A 64-bit hash of a key's characters, used by {@link KeyedLimiter} as the key's identity (its fingerprint).
 *
 * <p>Four UTF-16 chars are packed into one 64-bit block and mixed murmur3-style (multiply, rotate, multiply); the
 * length seeds the state and murmur3's {@code fmix64} finalizes, so every input bit reaches every output bit. The
 * result is never 0, which the table reserves for an empty slot (a key that would hash to 0 hashes to 1 instead).
 *
 * <p>Two distinct keys share a fingerprint with probability about {@code 2^-64} per pair, so among {@code n} keys
 * about {@code n^2 / 2^65} collisions are expected (3·10^-8 at a million keys). The hash is not keyed: it resists
 * accidents, not an adversary who searches for colliding keys. Stateless and thread-safe.
 */
final class KeyHash {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private KeyHash() {
    }

    static long of(CharSequence key) {
        int n = key.length();
        long h = SEED ^ (n * C2);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long block = key.charAt(i) | (long) key.charAt(i + 1) << 16 | (long) key.charAt(i + 2) << 32
                    | (long) key.charAt(i + 3) << 48;
            h = Long.rotateLeft(h ^ mixBlock(block), 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (; i < n; i++) {
            tail = tail << 16 | key.charAt(i);
        }
        h ^= mixBlock(tail);
        h = fmix64(h);
        return h == 0 ? 1 : h;
    }

    private static long mixBlock(long block) {
        return Long.rotateLeft(block * C1, 31) * C2;
    }

    /** murmur3's 64-bit finalizer: an avalanche mix. */
    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
