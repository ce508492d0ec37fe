package io.ratelab.ui.trace;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trace summary's times: date and time as two words, so that a narrow column wraps between them. */
class TraceChartsTest {

    @Test
    void anInstantIsUtcToTheMillisecondInTwoWords() {
        long nanos = Instant.parse("2024-11-19T09:00:00.129Z").toEpochMilli() * 1_000_000L + 999_999;
        assertEquals("2024-11-19 09:00:00.129 UTC", TraceCharts.instant(nanos));
    }
}
