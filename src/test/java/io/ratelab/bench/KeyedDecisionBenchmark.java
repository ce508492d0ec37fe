package io.ratelab.bench;

import com.google.common.util.concurrent.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.limit.store.KeyedLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one keyed rate-limit decision, 100/s with a burst of 10 per key, for one key and for 2^20 keys visited
 * in a scrambled order, on 1 and 2 threads: RateLab's {@link KeyedLimiter} token bucket against the JVM limiters keyed
 * the way their users key them, a {@code ConcurrentHashMap<String, limiter>} with {@code computeIfAbsent}.
 *
 * <p>Every decision reads its clock: RateLab {@code System.nanoTime()}, Bucket4j its default millisecond time meter,
 * Guava its stopwatch, Resilience4j {@code System.nanoTime()}. Keys are pre-built Strings (see {@link Keys}; their
 * cached {@code hashCode} helps the maps, RateLab hashes the characters itself). Every table is filled before
 * measuring, so this is the steady state of known clients, not inserts. Semantics differ in detail: Guava's bursty limiter stores up
 * to one second of permits (100), Resilience4j refreshes 10 permits every 100 ms.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.args='KeyedDecision -f 1 -wi 3 -i 5 -w 1 -r 2'</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class KeyedDecisionBenchmark {

    /**
     * The keys: {@code stored}, the Strings each table is filled with, and {@code visits}, equal Strings in a
     * scrambled order (a fixed-seed shuffle) that the threads look up. The visiting Strings are distinct objects laid
     * out in visiting order, as keys parsed from requests are fresh objects; the state they reach is visited at random.
     */
    @State(Scope.Benchmark)
    public static class Keys {
        @Param({"1", "1048576"})
        public int keyCount;
        String[] stored;
        String[] visits;
        /** The visits' fingerprints ({@link KeyedLimiter#keyHash}), for the decision without reading or hashing keys. */
        long[] visitHashes;

        @Setup(Level.Trial)
        public void build() {
            stored = new String[keyCount];
            int[] order = new int[keyCount];
            for (int i = 0; i < keyCount; i++) {
                stored[i] = "client-" + i;
                order[i] = i;
            }
            Random random = new Random(42);
            for (int i = keyCount - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            visits = new String[keyCount];
            for (int p = 0; p < keyCount; p++) {
                visits[p] = "client-" + order[p];
            }
            visitHashes = new long[keyCount];
            for (int p = 0; p < keyCount; p++) {
                visitHashes[p] = KeyedLimiter.keyHash(visits[p]);
            }
        }
    }

    /** Each thread's position in the visits, the threads starting half the keys apart. */
    @State(Scope.Thread)
    public static class Cursor {
        int position;
        /** A caller's clock that costs nothing to read: 1 µs per decision, as a simulator advances virtual time. */
        long virtualNanos;

        @Setup(Level.Trial)
        public void start(Keys keys, ThreadParams thread) {
            position = (int) ((long) thread.getThreadIndex() * keys.keyCount / 2);
        }

        long nextHash(Keys keys) {
            int p = position;
            position = p + 1 == keys.keyCount ? 0 : p + 1;
            return keys.visitHashes[p];
        }

        String next(Keys keys) {
            int p = position;
            position = p + 1 == keys.keyCount ? 0 : p + 1;
            return keys.visits[p];
        }
    }

    @State(Scope.Benchmark)
    public static class RateLabTable {
        KeyedLimiter limiter;

        @Setup(Level.Trial)
        public void fill(Keys keys) {
            limiter = KeyedLimiter.builder(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("100/s"), 10L).build())
                    .maxKeys(2L * keys.keyCount + 1024).build();
            for (String k : keys.stored) {
                limiter.tryAcquire(k, System.nanoTime());
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Bucket4jMap {
        final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

        @Setup(Level.Trial)
        public void fill(Keys keys) {
            for (String k : keys.stored) {
                buckets.computeIfAbsent(k, Bucket4jMap::newBucket).tryConsume(1);
            }
        }

        static Bucket newBucket(String key) {
            return Bucket.builder().addLimit(limit -> limit.capacity(10).refillGreedy(100, Duration.ofSeconds(1)))
                    .build();
        }
    }

    @State(Scope.Benchmark)
    public static class GuavaMap {
        final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

        @Setup(Level.Trial)
        public void fill(Keys keys) {
            for (String k : keys.stored) {
                limiters.computeIfAbsent(k, GuavaMap::newLimiter).tryAcquire();
            }
        }

        static RateLimiter newLimiter(String key) {
            return RateLimiter.create(100);
        }
    }

    @State(Scope.Benchmark)
    public static class Resilience4jMap {
        static final RateLimiterConfig CONFIG = RateLimiterConfig.custom().limitForPeriod(10)
                .limitRefreshPeriod(Duration.ofMillis(100)).timeoutDuration(Duration.ZERO).build();
        final ConcurrentHashMap<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();

        @Setup(Level.Trial)
        public void fill(Keys keys) {
            for (String k : keys.stored) {
                limiters.computeIfAbsent(k, Resilience4jMap::newLimiter).acquirePermission();
            }
        }

        static AtomicRateLimiter newLimiter(String key) {
            return new AtomicRateLimiter(key, CONFIG);
        }
    }

    private static boolean rateLab(RateLabTable t, Keys keys, Cursor c) {
        return t.limiter.tryAcquire(c.next(keys), System.nanoTime()).allowed();
    }

    private static boolean rateLabVirtualTime(RateLabTable t, Keys keys, Cursor c) {
        c.virtualNanos += 1_000;
        return t.limiter.tryAcquire(c.next(keys), c.virtualNanos).allowed();
    }

    private static boolean bucket4j(Bucket4jMap m, Keys keys, Cursor c) {
        return m.buckets.computeIfAbsent(c.next(keys), Bucket4jMap::newBucket).tryConsume(1);
    }

    private static boolean guava(GuavaMap m, Keys keys, Cursor c) {
        return m.limiters.computeIfAbsent(c.next(keys), GuavaMap::newLimiter).tryAcquire();
    }

    private static boolean resilience4j(Resilience4jMap m, Keys keys, Cursor c) {
        return m.limiters.computeIfAbsent(c.next(keys), Resilience4jMap::newLimiter).acquirePermission();
    }

    @Benchmark
    @Threads(1)
    public boolean rateLab_1t(RateLabTable t, Keys keys, Cursor c) {
        return rateLab(t, keys, c);
    }

    @Benchmark
    @Threads(2)
    public boolean rateLab_2t(RateLabTable t, Keys keys, Cursor c) {
        return rateLab(t, keys, c);
    }

    /** The decision alone: the time is the caller's argument (RateLab's API), no clock is read. */
    @Benchmark
    @Threads(1)
    public boolean rateLabNoClock_1t(RateLabTable t, Keys keys, Cursor c) {
        return rateLabVirtualTime(t, keys, c);
    }

    @Benchmark
    @Threads(2)
    public boolean rateLabNoClock_2t(RateLabTable t, Keys keys, Cursor c) {
        return rateLabVirtualTime(t, keys, c);
    }

    /** The table and the algorithm alone: the key hashed beforehand, virtual time (the proxy hashes on the IO thread). */
    @Benchmark
    @Threads(1)
    public boolean rateLabHashedNoClock_1t(RateLabTable t, Keys keys, Cursor c) {
        c.virtualNanos += 1_000;
        return t.limiter.acquireHashed(c.nextHash(keys), c.virtualNanos, 1).allowed();
    }

    @Benchmark
    @Threads(1)
    public boolean bucket4j_1t(Bucket4jMap m, Keys keys, Cursor c) {
        return bucket4j(m, keys, c);
    }

    @Benchmark
    @Threads(2)
    public boolean bucket4j_2t(Bucket4jMap m, Keys keys, Cursor c) {
        return bucket4j(m, keys, c);
    }

    @Benchmark
    @Threads(1)
    public boolean guava_1t(GuavaMap m, Keys keys, Cursor c) {
        return guava(m, keys, c);
    }

    @Benchmark
    @Threads(2)
    public boolean guava_2t(GuavaMap m, Keys keys, Cursor c) {
        return guava(m, keys, c);
    }

    @Benchmark
    @Threads(1)
    public boolean resilience4j_1t(Resilience4jMap m, Keys keys, Cursor c) {
        return resilience4j(m, keys, c);
    }

    @Benchmark
    @Threads(2)
    public boolean resilience4j_2t(Resilience4jMap m, Keys keys, Cursor c) {
        return resilience4j(m, keys, c);
    }
}
