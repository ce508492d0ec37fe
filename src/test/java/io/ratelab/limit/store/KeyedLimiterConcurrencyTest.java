package io.ratelab.limit.store;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads on one table, started together by a latch: the per-segment locks must never let a key admit more
 * than its algorithm allows, whether the threads share one key or spread over many keys while segments grow.
 */
class KeyedLimiterConcurrencyTest {

    private static final int THREADS = 4;
    private static final long MILLI = 1_000_000L;

    private static LimitAlgorithm bucket() {
        return LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("100/s"), 10L).build();
    }

    @Test
    void threadsHammeringOneKeyAtOneInstantAdmitExactlyTheBurst() throws Exception {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).build();
        AtomicIntegerArray admitted = new AtomicIntegerArray(1);
        runTogether(t -> {
            for (int i = 0; i < 50_000; i++) {
                if (limiter.tryAcquire("hot", 0).allowed()) {
                    admitted.incrementAndGet(0);
                }
            }
        });
        assertEquals(10, admitted.get(0));
    }

    @Test
    void threadsHammeringOneKeyOverTimeNeverExceedRateTimesTPlusBurst() throws Exception {
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).build();
        AtomicLong clock = new AtomicLong();
        AtomicIntegerArray admitted = new AtomicIntegerArray(1);
        runTogether(t -> {
            for (int i = 0; i < 50_000; i++) {
                long now = clock.addAndGet(1_000); // 200 000 calls 1 µs apart: T = 200 ms
                if (limiter.tryAcquire("hot", now).allowed()) {
                    admitted.incrementAndGet(0);
                }
            }
        });
        long spanMillis = clock.get() / MILLI;
        assertTrue(admitted.get(0) <= 10 + spanMillis / 10 + 1, admitted.get(0) + " admitted in " + spanMillis + " ms");
        assertTrue(admitted.get(0) >= 10 + spanMillis / 10 - 2 * THREADS, "and the rate is delivered: "
                + admitted.get(0));
    }

    @Test
    void threadsSpreadOverManyKeysAdmitExactlyTheBurstPerKeyWhileTheTableGrows() throws Exception {
        int keys = 20_000;
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).maxKeys(1 << 20).build();
        AtomicIntegerArray admitted = new AtomicIntegerArray(keys);
        runTogether(t -> {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < keys; i++) {
                    int k = (i * 7919 + t * 4999) % keys; // each thread walks the keys in its own order
                    if (limiter.tryAcquire("key-" + k, 0).allowed()) {
                        admitted.incrementAndGet(k);
                    }
                }
            }
        });
        // 4 threads x 4 rounds = 16 requests per key at one instant: exactly 10 admitted for every key.
        for (int k = 0; k < keys; k++) {
            assertEquals(10, admitted.get(k), "key-" + k);
        }
        assertEquals(keys, limiter.size());
    }

    @Test
    void concurrentFloodOfUniqueKeysStaysWithinMaxKeys() throws Exception {
        long maxKeys = 5_000;
        KeyedLimiter limiter = KeyedLimiter.builder(bucket()).maxKeys(maxKeys).build();
        AtomicLong clock = new AtomicLong();
        AtomicLong overshoots = new AtomicLong();
        runTogether(t -> {
            for (int i = 0; i < 100_000; i++) {
                limiter.tryAcquire("t" + t + "-" + i, clock.addAndGet(1_000));
                if (i % 500 == 0 && limiter.size() > maxKeys) {
                    overshoots.incrementAndGet();
                }
            }
        });
        assertEquals(0, overshoots.get());
        assertTrue(limiter.size() <= maxKeys);
    }

    private interface Worker {
        void run(int thread) throws Exception;
    }

    private static void runTogether(Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    worker.run(thread);
                    return null;
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
