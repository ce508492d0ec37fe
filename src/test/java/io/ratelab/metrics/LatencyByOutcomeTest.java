package io.ratelab.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live recorders split latency by answer: admitted (2xx), rejected (429), error (5xx, other, lost). */
class LatencyByOutcomeTest {

    private static final long MS = 1_000_000L;

    @Test
    void eachAnswerGoesToItsOwnHistogramPerGroupAndOverall() {
        RunMetrics m = new RunMetrics(List.of("a", "b"), 0, 2);
        for (int i = 0; i < 10; i++) {
            m.recordLatency(0, CountedColumn.STATUS_200, 20 * MS, 19 * MS);
            m.recordLatency(1, CountedColumn.STATUS_2XX, 40 * MS, 39 * MS);
            m.recordLatency(0, CountedColumn.STATUS_429, MS / 2, MS / 2);
        }
        m.recordLatency(1, CountedColumn.STATUS_5XX, 300 * MS, 300 * MS);
        m.recordOutcomeLatency(1, CountedColumn.CONNECTION_ERROR, 900 * MS);
        m.recordLatency(1, CountedColumn.STATUS_4XX, 7 * MS, 7 * MS);

        MetricsSnapshot early = m.sample(100 * MS);
        assertEquals(LatencyByOutcome.EMPTY, early.byOutcome(), "harvested when a coarse interval closes, not before");
        MetricsSnapshot s = m.sample(200 * MS);

        LatencyByOutcome all = s.byOutcome();
        assertEquals(20, all.admitted().count());
        assertEquals(10, all.rejected().count());
        assertEquals(3, all.error().count(), "a 5xx, a lost connection and a 404 are errors");
        assertEquals(20 * MS, all.admitted().p50Nanos(), 20 * MS / 1000.0);
        assertEquals(40 * MS, all.admitted().p99Nanos(), 40 * MS / 1000.0);
        assertEquals(MS / 2, all.rejected().p99Nanos(), MS / 2000.0);
        assertEquals(900 * MS, all.error().maxNanos(), 900 * MS / 1000.0);

        LatencyByOutcome a = s.groupByOutcome().get(0);
        LatencyByOutcome b = s.groupByOutcome().get(1);
        assertEquals(List.of(10L, 10L, 0L), List.of(a.admitted().count(), a.rejected().count(), a.error().count()));
        assertEquals(List.of(10L, 0L, 3L), List.of(b.admitted().count(), b.rejected().count(), b.error().count()));
        assertEquals(40 * MS, b.admitted().p50Nanos(), 40 * MS / 1000.0);
        // the all-answers histogram holds what was answered with a status (the lost connection is not among them)
        assertEquals(32, s.correctedSummary().count());
    }

    @Test
    void theFinalSnapshotHoldsEverythingEvenMidInterval() {
        RunMetrics m = new RunMetrics(List.of("a"), 0, 10);
        m.recordLatency(0, CountedColumn.STATUS_200, 5 * MS, 5 * MS);
        MetricsSnapshot s = m.finish(50 * MS);
        assertEquals(1, s.byOutcome().admitted().count());
        assertEquals(s.byOutcome(), s.groupByOutcome().get(0));
    }

    @Test
    void outcomesThatAreNotAnswersHaveNoClass() {
        for (CountedColumn o : CountedColumn.values()) {
            int k = LatencyByOutcome.classOf(o);
            assertEquals(o.isCompletion(), k >= 0, o.name());
        }
    }
}
