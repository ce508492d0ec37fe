package io.ratelab.redis;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The scripts are atomic: 16 threads firing 4000 decisions at one key of a bucket holding 1000 tokens (refilling one
 * per hour) admit exactly 1000, with Redis's own clock. A read-modify-write race would admit more.
 */
class ScriptAtomicityTest {

    @Test
    void manyThreadsOneKeyExactCount() throws Exception {
        LocalRedis.assumeReachable();
        try (RedisStore store = LocalRedis.connect()) {
            LimiterSpec spec = LimiterSpec.of(Algorithm.TOKEN_BUCKET, new Rate(1, Duration.ofHours(1)), 1000L)
                    .withName(LocalRedis.uniqueName("atomic"));
            SharedLimiter shared = new SharedLimiter(store, spec, SharedLimiter.Clock.SERVER, FailurePolicy.CLOSED, 1);
            int threads = 16;
            int perThread = 250;
            CountDownLatch start = new CountDownLatch(1);
            AtomicLong admitted = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            List<CompletableFuture<Decision>> all = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        all.add(shared.tryAcquire("one", 0).toCompletableFuture());
                    }
                });
                w.start();
                workers.add(w);
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            for (CompletableFuture<Decision> f : all) {
                if (f.join().allowed()) {
                    admitted.incrementAndGet();
                }
            }
            assertEquals(threads * perThread, all.size());
            assertEquals(1000, admitted.get());
            assertEquals(0, store.health().errors(), "no call failed, so Redis decided every request");
        }
    }
}
