package io.ratelab.metrics;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunMetricsTest {

    private static final long MS = 1_000_000L;

    @Test
    void countsPerGroupAndOutcomeLandInTheIntervalTheyWereRecordedIn() {
        RunMetrics m = new RunMetrics(List.of("a", "b"), 1_000, 2);
        m.count(0, CountedColumn.SENT);
        m.count(0, CountedColumn.STATUS_200);
        m.count(1, CountedColumn.SENT);
        m.count(1, CountedColumn.STATUS_429);
        m.sample(1_000 + 100 * MS);
        m.count(1, CountedColumn.CONNECTION_ERROR);
        MetricsSnapshot s = m.sample(1_000 + 200 * MS);

        assertEquals(2, s.fine().size());
        assertEquals(1, s.coarse().size());
        IntervalStats first = s.fine().get(0);
        assertEquals(0, first.startNanos());
        assertEquals(100 * MS, first.endNanos());
        assertEquals(2, first.count(CountedColumn.SENT));
        assertEquals(1, first.count(1, CountedColumn.STATUS_429));
        assertEquals(20.0, first.perSecond(CountedColumn.SENT), 1e-9);
        assertEquals(1, s.fine().get(1).count(CountedColumn.CONNECTION_ERROR));
        IntervalStats second = s.coarse().get(0);
        assertEquals(0, second.startNanos());
        assertEquals(200 * MS, second.endNanos());
        assertEquals(3, second.completed());
        assertEquals(2, s.total(CountedColumn.SENT));
        assertEquals(1, s.total(0, CountedColumn.STATUS_200));
        assertEquals(3, s.completed());
    }

    @Test
    void coarsePercentilesComeFromMergedHistogramsNotAveragedPercentiles() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 2);
        for (int i = 0; i < 99; i++) {
            m.recordLatency(0, MS, MS);
        }
        m.sample(100 * MS);
        m.recordLatency(0, 1_000 * MS, 2 * MS);
        MetricsSnapshot s = m.sample(200 * MS);

        LatencySummary coarse = s.coarse().get(0).corrected();
        assertEquals(100, coarse.count());
        assertEquals(MS, coarse.p99Nanos(), MS / 1000.0);
        assertEquals(1_000 * MS, coarse.maxNanos(), MS);
        assertEquals(2 * MS, s.rawSummary().maxNanos(), MS / 100.0);
        assertEquals(1_000 * MS, s.fine().get(1).corrected().p50Nanos(), MS);
        assertEquals(100, s.correctedHistogram().getTotalCount());
    }

    @Test
    void aQuietSecondsTrailingLatencyReachesBackUntilItHoldsAHundredAnswers() {
        // coarse interval = one sample; second 1: 80 answers at 1 ms; second 2: 30 at 1 ms; second 3: 5 at 50 ms;
        // second 4: nothing; second 5: 150 at 2 ms
        RunMetrics m = new RunMetrics(List.of("default"), 0, 1);
        int[] answers = {80, 30, 5, 0, 150};
        long[] latency = {MS, MS, 50 * MS, 0, 2 * MS};
        for (int sec = 0; sec < answers.length; sec++) {
            for (int i = 0; i < answers[sec]; i++) {
                m.recordLatency(0, latency[sec], latency[sec]);
            }
            m.sample((sec + 1) * 1_000 * MS);
        }
        List<IntervalStats> seconds = m.sample(5_000 * MS).coarse();

        assertEquals(80, seconds.get(0).trailingCorrected().count(), "the first second has nothing to reach back to");
        assertEquals(110, seconds.get(1).trailingCorrected().count(), "30 reach back over the 80 before them");
        assertEquals(30, seconds.get(1).corrected().count(), "the second's own latency is unchanged");
        assertEquals(115, seconds.get(2).trailingCorrected().count(), "5 + 30 + 80: stops once it has 100");
        assertEquals(50 * MS, seconds.get(2).corrected().p99Nanos(), MS, "alone, p99 is the quiet second's slowest");
        assertEquals(50 * MS, seconds.get(2).trailingCorrected().p99Nanos(), MS,
                "5 of 115 at 50 ms is over 1%: the trailing p99 still shows them");
        assertEquals(MS, seconds.get(2).trailingCorrected().p50Nanos(), MS / 100.0);
        assertEquals(0, seconds.get(3).trailingCorrected().count(), "a second without answers stays a gap");
        assertEquals(150, seconds.get(4).trailingCorrected().count(), "a busy second is its own");
        assertEquals(seconds.get(4).corrected(), seconds.get(4).trailingCorrected());
        assertEquals(115, seconds.get(2).trailingRaw().count(), "raw latency trails the same way");
    }

    @Test
    void theTrailingLatencyReachesBackTenIntervalsAtMost() {
        RunMetrics m = new RunMetrics(List.of("default"), 0, 1);
        for (int sec = 0; sec < 12; sec++) {
            m.recordLatency(0, MS, MS);
            m.sample((sec + 1) * 1_000 * MS);
        }
        List<IntervalStats> seconds = m.sample(12_000 * MS).coarse();
        assertEquals(10, seconds.get(11).trailingCorrected().count(), "one answer a second, ten seconds");
        assertEquals(5, seconds.get(4).trailingCorrected().count());
    }

    @Test
    void finishClosesAPartialCoarseIntervalAndSnapshotsStayImmutable() {
        RunMetrics m = RunMetrics.single(0);
        m.count(0, CountedColumn.SENT);
        MetricsSnapshot early = m.sample(100 * MS);
        m.count(0, CountedColumn.SENT);
        MetricsSnapshot last = m.finish(150 * MS);

        assertEquals(0, early.coarse().size());
        assertEquals(1, early.fine().size());
        assertEquals(1, early.total(CountedColumn.SENT));
        assertTrue(last.finished());
        assertEquals(1, last.coarse().size());
        assertEquals(2, last.coarse().get(0).count(CountedColumn.SENT));
        assertEquals(150 * MS, last.elapsedNanos());
        assertThrows(UnsupportedOperationException.class, () -> last.fine().add(last.fine().get(0)));
    }

    @Test
    void concurrentWritersLoseNothingWhileTheReaderSwaps() throws Exception {
        RunMetrics m = RunMetrics.single(0);
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    m.count(0, CountedColumn.SENT);
                    m.recordLatency(0, 5_000, 4_000);
                }
                done.countDown();
            });
            w.start();
        }
        start.countDown();
        long now = 0;
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            m.sample(now += MS);
        }
        MetricsSnapshot s = m.finish(now + MS);
        long fromSeries = s.fine().stream().mapToLong(i -> i.count(CountedColumn.SENT)).sum();
        assertEquals((long) threads * perThread, s.total(CountedColumn.SENT));
        assertEquals((long) threads * perThread, fromSeries);
        assertEquals((long) threads * perThread, s.correctedSummary().count());
        assertTrue(s.fine().size() > 1, "the reader swapped while writers wrote");
    }

    @Test
    void unknownGroupAndDuplicateGroupsAreRejectedByName() {
        RunMetrics m = RunMetrics.single(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.groupIndex("nope"));
        assertTrue(e.getMessage().contains("nope"));
        e = assertThrows(IllegalArgumentException.class, () -> new RunMetrics(List.of("x", "x"), 0, 1));
        assertTrue(e.getMessage().contains("'x'"));
    }

    @Test
    void hlogIsReadableByHistogramLogReaderWithCorrectedUntaggedAndRawTagged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.hlog");
        RunMetrics m = new RunMetrics(List.of("default"), 0, 1);
        AtomicBoolean wrote = new AtomicBoolean();
        try (HlogWriter hlog = new HlogWriter(file, 1_700_000_000_000L, "test")) {
            m.addIntervalListener(hlog);
            m.addIntervalListener((s, c, r) -> wrote.set(true));
            m.recordLatency(0, 10 * MS, 2 * MS);
            m.sample(1_000 * MS);
            m.recordLatency(0, 20 * MS, 3 * MS);
            m.recordLatency(0, 30 * MS, 3 * MS);
            m.finish(2_000 * MS);
        }
        assertTrue(wrote.get());
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        List<Histogram> corrected = new ArrayList<>();
        List<Histogram> raw = new ArrayList<>();
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            (HlogWriter.RAW_TAG.equals(h.getTag()) ? raw : corrected).add((Histogram) h);
        }
        assertEquals(1_700_000_000.0, reader.getStartTimeSec(), 1e-6);
        assertEquals(2, corrected.size());
        assertEquals(2, raw.size());
        assertEquals(10 * MS, corrected.get(0).getMaxValue(), 10 * MS / 1000.0);
        assertEquals(2, corrected.get(1).getTotalCount());
        assertEquals(3 * MS, raw.get(1).getMaxValue(), 3 * MS / 1000.0);
        assertNull(corrected.get(0).getTag());
        assertFalse(raw.isEmpty());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
