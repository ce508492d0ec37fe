package io.ratelab.ui.controls;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table number formats: long runs' counts and latencies must fit their columns. */
class NumberColumnsTest {

    @Test
    void countsBelowAMillionAreExactWithGrouping() {
        assertEquals("0", NumberColumns.compactCount(0));
        assertEquals("999,999", NumberColumns.compactCount(999_999));
        assertEquals("-12,345", NumberColumns.compactCount(-12_345));
    }

    @Test
    void largeCountsKeepThreeSignificantDigits() {
        assertEquals("1.00 M", NumberColumns.compactCount(1_000_000));
        assertEquals("6.30 M", NumberColumns.compactCount(6_300_123));
        assertEquals("12.3 M", NumberColumns.compactCount(12_345_678));
        assertEquals("123 M", NumberColumns.compactCount(123_456_789));
        assertEquals("1.25 G", NumberColumns.compactCount(1_250_000_000L));
    }

    @Test
    void millisecondsGetTheDecimalsTheirSizeDeserves() {
        assertEquals("1.23", NumberColumns.millis(1.234));
        assertEquals("12.3", NumberColumns.millis(12.34));
        assertEquals("8,489", NumberColumns.millis(8489.4));
        assertEquals("–", NumberColumns.millis(Double.NaN));
    }
}
