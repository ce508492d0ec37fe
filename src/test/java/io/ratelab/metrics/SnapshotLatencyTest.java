package io.ratelab.metrics;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, frame gaps: each 100 ms sample copied the two cumulative full-range latency histograms (about 240 kB each)
 * and summarised every group's, a quarter of the workbench's allocation under load. The cumulative latency is now
 * published once per coarse interval (as the latency by answer was already) and shared by the snapshots between.
 */
class SnapshotLatencyTest {

    private static final long MS = 1_000_000L;

    @Test
    void theCumulativeLatencyOfASnapshotIsThatOfTheLastClosedSecond() {
        RunMetrics m = new RunMetrics(List.of("a", "b"), 0, 10);
        m.recordLatency(0, 5 * MS, 5 * MS);
        MetricsSnapshot first = m.sample(100 * MS);
        assertEquals(0, first.correctedSummary().count(), "no second has closed yet");
        for (int t = 2; t <= 10; t++) {
            m.recordLatency(1, 7 * MS, 6 * MS);
            MetricsSnapshot s = m.sample(t * 100 * MS);
            if (t < 10) {
                assertEquals(0, s.correctedSummary().count(), "sample " + t);
            } else {
                assertEquals(10, s.correctedSummary().count(), "the second closed: all of it");
                assertEquals(1, s.groupCorrected().get(0).count());
                assertEquals(9, s.groupRaw().get(1).count());
                assertEquals(10, s.corrected().getTotalCount());
            }
        }
        m.recordLatency(0, 9 * MS, 9 * MS);
        assertEquals(11, m.finish(1_050 * MS).raw().getTotalCount(), "the final snapshot is up to date");
    }

    @Test
    void samplesBetweenSecondsDoNotCopyTheHistograms() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RunMetrics m = new RunMetrics(List.of("a", "b", "c"), 0, 10);
        for (int t = 1; t <= 20; t++) {     // warm up: the recycled interval histograms exist
            m.recordLatency(t % 3, t * MS, t * MS);
            m.sample(t * 100 * MS);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 21; t <= 220; t++) {    // 200 samples, 20 seconds
            m.recordLatency(t % 3, t * MS, t * MS);
            m.sample(t * 100 * MS);
        }
        long perSample = (threads.getCurrentThreadAllocatedBytes() - before) / 200;
        // one copy of the two totals per second is ~50 kB a sample; a copy at every sample was ~500 kB
        assertTrue(perSample < 200_000, "bytes allocated per 100 ms sample: " + perSample);
    }
}
