package io.ratelab.redis;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's circuit breaker against a hung Redis (a fake that reads and never answers, as a {@code SIGSTOP}ped server
 * does): the three calls in a row that judge it down pay the timeout, every later decision is made by the failure
 * policy at once (its stage is already complete when returned; no wall-clock bound needed), only {@code PING} probes
 * reach the hung server, and when it wakes no backlog of limit scripts pours out.
 */
class StoreBreakerTest {

    private static final LimiterSpec SPEC = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 10L)
            .withName("breaker");

    @Test
    void aHungStoreCostsThreeTimeoutsAndWakingReleasesNoBacklog() throws Exception {
        try (StallingRedis fake = StallingRedis.start();
             RedisStore store = RedisStore.connect(fake.url(), Duration.ofMillis(100))) {
            SharedLimiter limit = new SharedLimiter(store, SPEC, SharedLimiter.Clock.SERVER, FailurePolicy.CLOSED, 1);
            StoreHealth health = store.health();
            assertTrue(decide(limit).allowed(), "answered by the fake");
            assertEquals(1, fake.scripts());

            fake.stall();
            for (int i = 0; i < StoreHealth.FAILURES_TO_OPEN; i++) {
                assertFalse(decide(limit).allowed(), "a call times out and the closed policy rejects");
            }
            assertFalse(health.isUp(), "judged down after " + StoreHealth.FAILURES_TO_OPEN + " failures in a row");
            for (int i = 0; i < 200; i++) {
                CompletableFuture<Decision> f = limit.tryAcquire("k", 0).toCompletableFuture();
                assertTrue(f.isDone(), "decision " + i + " waited on the hung store");
                assertFalse(f.get().allowed());
            }
            assertEquals(3, fake.scriptsWhileStalled(), "only the calls that judged it down reached the hung store");
            assertEquals(203, health.fallbackDecisions());

            // probes go out one at a time, an interval apart, and fail by timeout while the store hangs
            awaitCondition(() -> health.probes() >= 2 && health.errors() >= 5, limit);
            assertEquals(3, fake.scriptsWhileStalled(), "probes are PINGs, not limit scripts");
            assertTrue(fake.pingsWhileStalled() >= 2, "pings " + fake.pingsWhileStalled());

            fake.wake();
            awaitCondition(health::isUp, limit);
            int before = fake.scripts();
            assertTrue(decide(limit).allowed(), "the store decides again");
            assertEquals(before + 1, fake.scripts());
            assertEquals(3, fake.scriptsWhileStalled(), "waking released no backlog of limit scripts");
        }
    }

    @Test
    void probesAreSpacedByTheIntervalAndOneAtATime() {
        AtomicLong now = new AtomicLong(1_000);
        StoreHealth h = new StoreHealth("t", now::get, Duration.ofMillis(250));
        assertTrue(h.admitsCalls());
        assertFalse(h.claimProbe(), "no probe while up");
        h.failed(new RuntimeException("timeout"), FailurePolicy.OPEN);
        h.succeeded();
        h.failed(new RuntimeException("timeout"), FailurePolicy.OPEN);
        h.failed(new RuntimeException("timeout"), FailurePolicy.OPEN);
        assertTrue(h.admitsCalls(), "a success in between: two failures in a row, not three");
        h.failed(new RuntimeException("timeout"), FailurePolicy.OPEN);
        assertFalse(h.admitsCalls());
        assertFalse(h.claimProbe(), "the interval has not passed");
        now.addAndGet(250_000_000L);
        assertTrue(h.claimProbe());
        assertFalse(h.claimProbe(), "one probe in flight at a time");
        h.probeFailed();
        assertFalse(h.claimProbe(), "the next waits another interval");
        now.addAndGet(250_000_000L);
        assertTrue(h.claimProbe());
        h.succeeded();
        assertTrue(h.admitsCalls());
        assertEquals(2, h.probes());
        assertEquals(5, h.errors());
        assertEquals(2, h.transitions());
    }

    private static Decision decide(SharedLimiter limit) throws Exception {
        return limit.tryAcquire("k", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Keeps deciding (which is what sends probes) until {@code done}, bounded at 20 s. */
    private static void awaitCondition(java.util.function.BooleanSupplier done, SharedLimiter limit)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within 20 s");
            decide(limit);
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // a condition poll, not a stand-in for it
        }
    }
}
