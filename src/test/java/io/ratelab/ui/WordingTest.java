package io.ratelab.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 21 item 9, the small wording: chart file names keep whole words. */
class WordingTest {

    @Test
    void chartFileNamesDropWholeWordsNeverPartOfOne() {
        assertEquals("latency-by-percentile-hdrhistogram",
                ChartSnapshots.fileName("Latency by percentile (HdrHistogram)"));
        assertEquals("latency-of-admitted-requests-by-percentile",
                ChartSnapshots.fileName("Latency of admitted requests by percentile"), "was '…-by-percenti'");
        String longTitle = ChartSnapshots.fileName("Requests per second: accepted vs rejected vs errors and more words");
        assertEquals("requests-per-second-accepted-vs-rejected-vs", longTitle);
    }
}
