package io.ratelab.traffic.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ratelab.traffic.trace.Traces.SECOND;
import static io.ratelab.traffic.trace.Traces.read;
import static io.ratelab.traffic.trace.Traces.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Out-of-order lines (within and beyond the window) and whole-second stamps spread within their second. */
class ReorderAndSpreadTest {

    private static final long T0 = 1_732_010_400L;

    @TempDir
    Path dir;

    private Path csv(String name, List<String> rows) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,key,method,path");
        lines.addAll(rows);
        return write(dir, name, lines.toArray(String[]::new));
    }

    @Test
    void linesWithinTheWindowTakeTheirPlaceAndLaterOnesAreKeptAtTheLastTimeAndReported() throws Exception {
        // fractional stamps (not spread), seconds after T0: 10, 12, 11 (1 s late), 20, 30, 13 (17 s late), 31
        String[] keys = {"a", "b", "c", "d", "e", "f", "g"};
        int[] seconds = {10, 12, 11, 20, 30, 13, 31};
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            rows.add((T0 + seconds[i]) + ".0," + keys[i] + ",GET,/");
        }
        Path f = csv("ooo.csv", rows);
        Traces.Read r = read(f, TraceOptions.defaults().withReorderWindowNanos(5 * SECOND));
        // when e (30 s) is read, everything up to 25 s has left: a, c, b, d; f (13 s) then comes too late
        assertEquals(List.of("a", "c", "b", "d", "f", "e", "g"), r.keys());
        for (int i = 1; i < r.requests().size(); i++) {
            assertTrue(r.time(i) >= r.time(i - 1), "time order at " + i);
        }
        assertEquals(r.time(3), r.time(4), "f, 17 s late with a 5 s window, is placed at the time of d, the last out");
        assertEquals(1, r.reordered(), "c was put in place");
        assertEquals(1, r.late().count());
        assertEquals(7, r.late().first().get(0).line(), "f is on line 7 (after the header)");
        assertEquals(7, r.requests().size(), "no request is lost");

        Traces.Read wide = read(f, TraceOptions.defaults().withReorderWindowNanos(20 * SECOND));
        assertEquals(List.of("a", "c", "b", "f", "d", "e", "g"), wide.keys(), "a 20 s window puts f in place");
        assertEquals(0, wide.late().count());

        Traces.Read measured = read(f);
        assertEquals(wide.keys(), measured.keys(), "by default the window is measured: 17 s covers f");
        assertEquals(0, measured.late().count());
    }

    @Test
    void wholeSecondStampsAreSpreadInTheirSecondKeepingLineOrderDeterministicallyBySeed() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 200; i++) {
                rows.add((T0 + s) + ",c" + s + "-" + i + ",GET,/");
            }
        }
        rows.add(1, (T0 + 1) + ",early,GET,/");      // a line of second 1 among those of second 0
        Path f = csv("coarse.csv", rows);
        Traces.Read r = read(f);
        assertEquals(601, r.requests().size());
        int second0 = 0;
        for (int i = 0; i < r.requests().size(); i++) {
            long t = r.time(i);
            String k = r.keys().get(i);
            long s = k.equals("early") ? 1 : Long.parseLong(k.substring(1, 2));
            assertTrue(t >= (T0 + s) * SECOND && t < (T0 + s + 1) * SECOND, k + " within its second");
            if (i > 0) {
                assertTrue(t >= r.time(i - 1), "time order");
            }
            second0 += s == 0 ? 1 : 0;
        }
        for (int i = 0; i < 200; i++) {
            assertEquals("c0-" + i, r.keys().get(i), "order within the second kept");
        }
        assertEquals(200, second0);
        // spread like a uniform sample: the mean offset within second 0 is near 0.5 s (sd of the mean ~ 0.02 s)
        double mean = 0;
        for (int i = 0; i < 200; i++) {
            mean += (r.time(i) - T0 * SECOND) / 1e9 / 200;
        }
        assertEquals(0.5, mean, 0.1);
        assertTrue(r.time(0) - T0 * SECOND < 50_000_000L, "first of 200 near the start of the second");

        assertEquals(r.requests(), read(f).requests(), "same seed, same times");
        Traces.Read other = read(f, TraceOptions.defaults().withSeed(2));
        assertNotEquals(r.time(5), other.time(5), "another seed spreads differently");
        assertEquals(r.keys(), other.keys(), "but in the same order");
    }

    @Test
    void aBoundedBufferStillEmitsInOrderWhenForced() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add((T0 * 1000 + i * 10) + ",k" + i + ",GET,/");
        }
        Path f = csv("many.csv", rows);
        Traces.Read r = read(f, new TraceOptions(null, null, 1, 3600 * SECOND, 8));
        assertEquals(100, r.requests().size());
        for (int i = 1; i < 100; i++) {
            assertTrue(r.time(i) >= r.time(i - 1));
        }
    }
}
