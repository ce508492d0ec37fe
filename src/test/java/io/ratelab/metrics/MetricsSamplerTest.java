package io.ratelab.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sampler's grid: after running late it samples once, covering the gap, and goes on at a later tick; it never
 * catches up with samples back to back (issue 21: near-empty intervals made a 120 req/s run chart a 1.8k/s spike).
 */
class MetricsSamplerTest {

    private static final long MS = 1_000_000L;

    @Test
    void theNextTickIsAGridPointAtLeastHalfAnIntervalAfterNow() {
        assertEquals(200 * MS, MetricsSampler.nextTickNanos(0, 100 * MS, 100 * MS), "on time");
        assertEquals(200 * MS, MetricsSampler.nextTickNanos(0, 100 * MS, 120 * MS), "a little late");
        assertEquals(300 * MS, MetricsSampler.nextTickNanos(0, 100 * MS, 170 * MS), "not 30 ms later: the one after");
        assertEquals(2_700 * MS, MetricsSampler.nextTickNanos(0, 100 * MS, 2_630 * MS),
                "2.5 s late: on from now, not the 25 ticks missed");
        assertEquals(5_100 * MS, MetricsSampler.nextTickNanos(5_000 * MS, 100 * MS, 10 * MS), "before the start");
    }

    @Test
    void aSamplerThatStalledTakesNoSamplesBackToBack() throws Exception {
        RunMetrics m = new RunMetrics(List.of("default"), System.nanoTime(), 1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger samples = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        m.addIntervalListener((stats, corrected, raw) -> {
            if (samples.incrementAndGet() == 1) {
                try {
                    never.await(350, TimeUnit.MILLISECONDS);     // the stall: three ticks missed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (samples.get() == 5) {     // the 4th sample has been published
                enough.countDown();
            }
        });
        MetricsSampler sampler = new MetricsSampler(m, System::nanoTime, 100 * MS);
        assertTrue(enough.await(30, TimeUnit.SECONDS));
        sampler.stop();
        List<IntervalStats> fine = m.snapshot().fine();
        for (int i = 1; i < 4; i++) {
            long length = fine.get(i).endNanos() - fine.get(i).startNanos();
            assertTrue(length >= 50 * MS, "interval " + i + " lasted " + length / 1e6 + " ms");
        }
    }

    @Test
    void aRunStoppedInItsFirstSecondGetsAFinalSampleWithItsLatenciesCountedOnce() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        RunMetrics m = new RunMetrics(List.of("default"), now.get(), 10);
        // a one-hour interval: the sampler thread never samples, only stop() can
        MetricsSampler sampler = new MetricsSampler(m, now::get, 3_600_000 * MS, now.get());
        for (int i = 0; i < 50; i++) {
            m.count(0, CountedColumn.SENT);
            m.count(0, CountedColumn.STATUS_200);
            m.recordLatency(0, CountedColumn.STATUS_200, 4 * MS, 4 * MS);
        }
        now.addAndGet(600 * MS);
        sampler.stop();
        MetricsSnapshot last = m.snapshot();
        assertTrue(last.finished(), "the interrupted run's snapshot is final");
        assertEquals(1, last.coarse().size(), "the partial second is one closed interval");
        assertEquals(50, last.coarse().get(0).count(CountedColumn.STATUS_200));
        assertEquals(600 * MS, last.coarse().get(0).endNanos());
        assertTrue(last.coarse().get(0).corrected().p99Nanos() >= 4 * MS, "the interval has its p99");
        assertEquals(50, last.total(CountedColumn.SENT));

        now.addAndGet(600 * MS);
        sampler.stop();
        assertSame(last, m.snapshot(), "a second stop takes no second sample");
    }

    @Test
    void stopAfterFinishTakesNoSecondSample() throws Exception {
        AtomicLong now = new AtomicLong(0);
        RunMetrics m = new RunMetrics(List.of("default"), 0, 10);
        MetricsSampler sampler = new MetricsSampler(m, now::get, 3_600_000 * MS, 0);
        m.count(0, CountedColumn.SENT);
        now.set(300 * MS);
        MetricsSnapshot last = sampler.finish();
        now.set(900 * MS);
        sampler.stop();
        assertSame(last, m.snapshot());
        assertEquals(1, last.fine().size());
    }

    @Test
    void aRunStoppedDuringItsWarmUpTakesNoSample() {
        AtomicLong now = new AtomicLong(0);
        RunMetrics m = new RunMetrics(List.of("default"), 5_000 * MS, 10);
        MetricsSampler sampler = new MetricsSampler(m, now::get, 1_000 * MS, 5_000 * MS);
        now.set(2_000 * MS);
        sampler.stop();
        assertTrue(m.snapshot().fine().isEmpty(), "nothing measured yet");
    }
}
