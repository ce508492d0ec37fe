package io.ratelab.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The frame-gap log says when the longest gap of each window ended, to find it in a GC log or a JFR recording. */
class PulseMonitorTest {

    private static final long MS = 1_000_000L;

    @Test
    void aWindowKnowsWhenItsLongestGapEnded() {
        PulseMonitor m = new PulseMonitor();
        for (long t : new long[]{0, 16 * MS, 32 * MS, 442 * MS, 458 * MS, 558 * MS}) {
            m.tick(t);
        }
        PulseMonitor.Summary s = m.rollWindow();
        assertEquals(410 * MS, s.windowMaxGapNanos());
        assertEquals(442 * MS, s.windowMaxGapEndNanos());
        assertEquals(2, s.longPulses(), "410 ms and 100 ms are over 50 ms");
        assertEquals(-1, m.rollWindow().windowMaxGapEndNanos(), "a new window has no gap yet");
        m.tick(600 * MS);
        assertEquals(600 * MS, m.summary().windowMaxGapEndNanos());
    }
}
