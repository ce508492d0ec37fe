package io.ratelab.traffic;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code seconds,rate} file form of a schedule. */
class RateScheduleTest {

    @Test
    void readsRowsWithHeaderAndComments() throws IOException {
        RateProfile p = parse("seconds,rate\n# warm up\n0,5\n\n30, 50  # flash crowd\n40,5\n");
        assertEquals(5.0, p.rateAt(10_000_000_000L));
        assertEquals(50.0, p.rateAt(35_000_000_000L));
        assertEquals(5.0, p.rateAt(100_000_000_000L));
        assertEquals(30 * 5 + 10 * 50 + 20 * 5, p.expectedCount(60_000_000_000L), 1e-9);
    }

    @Test
    void badRowsNameSourceLineAndForm() {
        String m = assertThrows(IllegalArgumentException.class, () -> parse("0,5\n10;7\n")).getMessage();
        assertTrue(m.startsWith("sched.csv:2:") && m.contains("seconds,rate"), m);
        m = assertThrows(IllegalArgumentException.class, () -> parse("0,5\n10,-1\n")).getMessage();
        assertTrue(m.startsWith("sched.csv:2:") && m.contains("rate"), m);
        m = assertThrows(IllegalArgumentException.class, () -> parse("5,5\n")).getMessage();
        assertTrue(m.startsWith("sched.csv:1:") && m.contains("start at 0"), m);
        m = assertThrows(IllegalArgumentException.class, () -> parse("0,5\n20,1\n10,3\n")).getMessage();
        assertTrue(m.startsWith("sched.csv:3:") && m.contains("increase"), m);
        m = assertThrows(IllegalArgumentException.class, () -> parse("0,0\n")).getMessage();
        assertTrue(m.startsWith("sched.csv:") && m.contains("zero everywhere"), m);
    }

    private static RateProfile parse(String text) throws IOException {
        return RateSchedule.parse(new BufferedReader(new StringReader(text)), "sched.csv");
    }
}
