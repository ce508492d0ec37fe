package io.ratelab.traffic.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.ratelab.traffic.trace.Traces.SECOND;
import static io.ratelab.traffic.trace.Traces.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces a hostile tester would feed the reader: stamps whose nanoseconds overflow a long, files that are not text
 * logs, damaged gzip, a directory, and more lines in one second than the reorder buffer holds. Each is either a
 * skipped line with its reason or one {@link TraceException} naming the file; never an arithmetic or I/O exception,
 * and never a line wrongly reported late.
 */
class TraceBadInputTest {

    @Test
    void epochStampsBeyondTheNanosecondRangeAreSkippedLinesNotAnOverflow(@TempDir Path dir) throws IOException {
        Path jsonl = Traces.write(dir, "t.jsonl",
                "{\"ts\":17954754341024964,\"key\":\"a\"}",
                "{\"ts\":1732400000.5,\"key\":\"b\"}",
                "{\"ts\":\"9999-01-01T00:00:00Z\",\"key\":\"c\"}");
        Traces.Read r = read(jsonl);
        assertEquals(1, r.requests().size());
        assertEquals(2, r.skipped().count());
        assertTrue(r.skipped().first().get(0).reason().contains("outside the years 1677-2262"),
                r.skipped().first().get(0).reason());
        assertTrue(r.skipped().first().get(1).reason().contains("outside the years 1677-2262"),
                r.skipped().first().get(1).reason());
        Path csv = Traces.write(dir, "t.csv", "timestamp,key", "17954754341024964,a", "1732400000,b");
        Traces.Read c = read(csv);
        assertEquals(1, c.requests().size());
        assertEquals(2, c.skipped().first().get(0).line());
        Path log = Traces.write(dir, "t.log",
                "10.0.0.1 - - [19/Nov/9999:10:00:00 +0100] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"",
                "10.0.0.1 - - [19/Nov/2024:10:00:00 +0100] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"");
        Traces.Read l = read(log, "combined");
        assertEquals(1, l.requests().size());
        assertTrue(l.skipped().first().get(0).reason().contains("outside the years"), l.skipped().toString());
    }

    @Test
    void moreLinesInOneSecondThanTheBufferHoldsAreNotLate(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,key");
        for (int i = 0; i < 20_000; i++) {
            lines.add("1732400000,k" + (i % 7));
        }
        lines.add("1732400001,last");
        Path f = Traces.write(dir, "one-second.csv", lines.toArray(String[]::new));
        Traces.Read r = read(f, new TraceOptions(null, null, 1, 5 * SECOND, 1_000));
        assertEquals(20_001, r.requests().size());
        assertEquals(0, r.late().count(), "lines of the second being handed out are in their second, not late");
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            long t = r.time(i);
            assertTrue(t >= previous, "in time order at " + i);
            assertTrue(t >= 1732400000L * SECOND && t < 1732400001L * SECOND, "within its second at " + i);
            previous = t;
        }
    }

    @Test
    void aLineLongerThanAMegabyteStopsTheReadNamingTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("zeros.log");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(new byte[LineLengthLimit.MAX_CHARS + 10]);
        }
        TraceException e = assertThrows(TraceException.class, () -> read(f, "combined"));
        assertTrue(e.getMessage().startsWith("path: " + f + ", line 1 is longer than"), e.getMessage());
    }

    @Test
    void directoriesDevicesAndDamagedGzipAreOneTraceException(@TempDir Path dir) throws IOException {
        TraceException d = assertThrows(TraceException.class, () -> read(dir));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            TraceException z = assertThrows(TraceException.class, () -> read(zero, "combined"));
            assertTrue(z.getMessage().contains("is not a regular file"), z.getMessage());
        }
        Path gz = dir.resolve("cut.log.gz");
        byte[] whole;
        try (var bytes = new java.io.ByteArrayOutputStream(); var zip = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 5_000; i++) {
                zip.write(("10.0.0." + (i % 250) + " - - [19/Nov/2024:10:00:0" + (i % 10)
                        + " +0100] \"GET /a/" + i + " HTTP/1.1\" 200 5 \"-\" \"x\"\n").getBytes(StandardCharsets.UTF_8));
            }
            zip.finish();
            whole = bytes.toByteArray();
        }
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        TraceException g = assertThrows(TraceException.class, () -> read(gz, "combined"));
        assertTrue(g.getMessage().startsWith("path: " + gz + " cannot be read further"), g.getMessage());
    }
}
