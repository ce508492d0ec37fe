package io.ratelab.limit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads hammering one {@link SingleKeyLimiter} admit exactly what one thread would: at a fixed logical
 * time the admitted count depends only on how many requests came, never on their interleaving.
 */
class SingleKeyLimiterConcurrencyTest {

    private static final int THREADS = 4;
    private static final int REQUESTS_PER_THREAD = 500;
    private static final long NOW = 123_456_789L;

    static List<ContractCases.Case> cases() {
        return ContractCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void threadsTogetherAdmitExactlyWhatOneThreadWould(ContractCases.Case c) throws Exception {
        SingleKeyLimiter sequential = new SingleKeyLimiter(c.build());
        int expected = 0;
        for (int i = 0; i < THREADS * REQUESTS_PER_THREAD; i++) {
            expected += sequential.tryAcquire("k", NOW).allowed() ? 1 : 0;
        }
        SingleKeyLimiter shared = new SingleKeyLimiter(c.build());
        List<Integer> perThread = runTogether(() -> {
            int admitted = 0;
            for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                admitted += shared.tryAcquire("k", NOW).allowed() ? 1 : 0;
            }
            return admitted;
        });
        assertEquals(expected, perThread.stream().mapToInt(Integer::intValue).sum(), c.toString());
    }

    @Test
    void concurrencyLimitNeverHasMoreInFlightThanItsBound() throws Exception {
        SingleKeyLimiter limit = new SingleKeyLimiter(ConcurrencyLimitTest.concurrency(3).build());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Integer> perThread = runTogether(() -> {
            int admitted = 0;
            for (int i = 0; i < 5_000; i++) {
                if (limit.tryAcquire("k", NOW).allowed()) {
                    admitted++;
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    inFlight.decrementAndGet();
                    limit.release("k", NOW);
                }
            }
            return admitted;
        });
        assertTrue(mostInFlight.get() <= 3, "in flight at once: " + mostInFlight.get());
        assertTrue(perThread.stream().mapToInt(Integer::intValue).sum() > 0);
        assertTrue(limit.acquire(NOW, 3).allowed(), "every permit came back");
    }

    /** Runs the task on {@link #THREADS} threads released together by a latch; returns each thread's result. */
    private static List<Integer> runTogether(Callable<Integer> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS), "threads did not start");
            go.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
