package io.ratelab.traffic.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.ratelab.traffic.trace.Traces.SECOND;
import static io.ratelab.traffic.trace.Traces.read;
import static io.ratelab.traffic.trace.Traces.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real logs read right by default (issue 18): lines out of order by up to a minute, as logs written by many workers
 * are, are put in place without a flag; damaged trailing fields are repaired; HAR clients default to their host.
 * Every fixture is made here.
 */
class MessyLogsTest {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final ZonedDateTime START = ZonedDateTime.of(2024, 11, 19, 9, 0, 0, 0, ZoneOffset.ofHours(1));

    @TempDir
    Path dir;

    private record Line(long second, long written, String text) {
    }

    /**
     * {@code n} combined-log lines over 30 minutes; {@code shuffled}: written in the order of their stamp plus a
     * random delay of up to 60 s (many workers sharing one file), else in stamp order.
     */
    private static List<String> combinedLog(int n, boolean shuffled) {
        SplittableRandom random = new SplittableRandom(7);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long second = i * 1800L / n;
            long delay = random.nextLong(61);
            String text = "10.0.0." + (i % 50) + " - - [" + LOCAL.format(START.plusSeconds(second)) + "] \"GET /items/"
                    + i + " HTTP/1.1\" 200 512 \"-\" \"curl/8\"";
            lines.add(new Line(second, shuffled ? second + delay : second, text));
        }
        lines.sort(Comparator.comparingLong(Line::written));
        return lines.stream().map(Line::text).toList();
    }

    @Test
    void aLogShuffledWithinAMinuteReadsWithTheDefaultsLikeItsSortedTwin() throws Exception {
        Path sorted = write(dir, "sorted.log", combinedLog(6000, false).toArray(String[]::new));
        Path shuffled = write(dir, "shuffled.log", combinedLog(6000, true).toArray(String[]::new));
        Traces.Read twin = read(sorted);
        Traces.Read r = read(shuffled);
        assertEquals(0, r.late().count(), "no line placed late: " + r.late());
        assertTrue(r.reordered() > 1000, "most lines were out of order: " + r.reordered());
        assertEquals(times(twin), times(r), "the same times as the sorted twin");
        for (TraceRequest q : r.requests()) {
            int i = Integer.parseInt(q.path().substring("/items/".length()));
            long recorded = START.plusSeconds(i * 1800L / 6000).toEpochSecond() * SECOND;
            assertEquals(recorded, Math.floorDiv(q.epochNanos(), SECOND) * SECOND, "request " + i + " in its second");
        }

        TraceSummary s = TraceSummary.scan(shuffled, TraceOptions.defaults(), 0);
        assertTrue(s.maxDisorderNanos() > 30 * SECOND && s.maxDisorderNanos() <= 60 * SECOND,
                "measured disorder " + s.maxDisorderNanos());
        assertEquals(s.maxDisorderNanos(), s.reorderWindowNanos(), "the window covers the disorder exactly");
        assertNull(s.windowNote());
        TraceReadReport report = TraceReadReport.of("-", "shuffled.log", s);
        assertEquals(6000, report.read());
        assertEquals(0, report.late());
        assertTrue(report.describe().contains("reordered " + String.format(Locale.ROOT, "%,d", s.reordered())
                + " lines, up to "), report.describe());

        Traces.Read old = read(shuffled, TraceOptions.defaults().withReorderWindowNanos(5 * SECOND));
        assertTrue(old.late().count() > 1000, "a fixed 5 s window misplaces most lines: " + old.late().count());
    }

    private static List<Long> times(Traces.Read r) {
        return r.requests().stream().map(TraceRequest::epochNanos).sorted().toList();
    }

    @Test
    void disorderBeyondWhatMemoryAllowsIsSaidInTheLateLines() throws Exception {
        DisorderScan.Plan plan = planOf(write(dir, "far.csv", "timestamp,key,method,path", "1732010410,a,GET,/",
                "1732017600,b,GET,/", "1732010401,c,GET,/"));
        assertEquals(7199 * SECOND, plan.maxDisorderNanos());
        assertEquals(TraceOptions.MAX_REORDER_WINDOW_NANOS, plan.windowNanos(), "at most 1 h");
        assertNotNull(plan.note());
        Traces.Read r = read(dir.resolve("far.csv"));
        assertEquals(1, r.late().count());
        assertTrue(r.late().first().get(0).reason().contains("more than the largest reorder window"),
                r.late().toString());
    }

    private static DisorderScan.Plan planOf(Path f) throws Exception {
        return DisorderScan.plan(f, TraceFormat.detect(f));
    }

    @Test
    void aCutOffUserAgentIsRepairedNotSkipped() throws Exception {
        Path f = write(dir, "cut.log",
                "10.0.0.1 - - [19/Nov/2024:09:00:00 +0100] \"GET /a HTTP/1.1\" 200 5 \"-\" \"curl/8\"",
                "10.0.0.2 - - [19/Nov/2024:09:00:01 +0100] \"GET /b?x=1 HTTP/1.1\" 404 5 \"https://r/\" \"Mozilla/5.0"
                        + " (X11; Linux",
                "10.0.0.3 - - [19/Nov/2024:09:00:02 +0100] \"GET /c HTTP/1.1\" 200 5 \"-",
                "10.0.0.4 - - [19/Nov/2024:09:00:03 +0100] \"GET /d HTTP/1.1\" 2",
                "10.0.0.5 - - [19/Nov/2024:09:00:04 +0100] \"GET /e HTTP/1.1\" 200 5 \"-\" \"curl/8\"");
        TraceSummary s = TraceSummary.scan(f, TraceOptions.defaults(), 0);
        assertEquals(TraceFormat.COMBINED, s.format());
        assertEquals(4, s.requests(), "the cut-off agent and referer are read; a cut-off status is not");
        assertEquals(2, s.repaired().count());
        assertEquals(2, s.repaired().first().get(0).line());
        assertTrue(s.repaired().first().get(0).reason().contains("$http_user_agent"), s.repaired().toString());
        assertEquals(3, s.repaired().first().get(1).line());
        assertEquals(1, s.skipped().count());
        assertEquals(4, s.skipped().first().get(0).line());
        Traces.Read r = read(f);
        TraceRequest b = r.requests().get(1);
        assertEquals("10.0.0.2", b.address());
        assertEquals("GET /b", b.route());
        assertEquals("x=1", b.query());
        assertEquals(404, b.status());
        TraceReadReport report = TraceReadReport.of("web", "cut.log", s);
        assertEquals(List.of(2L, 3L, 4L), report.firstProblems().stream().map(TraceReadReport.Problem::line).toList());
        assertTrue(report.firstProblems().get(2).reason().startsWith("skipped: "));
    }

    @Test
    void csvAndJsonLinesWithADamagedTrailingFieldAreRepaired() throws Exception {
        Path csv = write(dir, "cut.csv", "timestamp,key,method,path,agent,note",
                "1732010400,a,GET,/x,curl,ok",
                "1732010401,b,GET,/y,\"Mozilla (cut",
                "1732010402,c,GET,/z",
                "1732010403,d,GET");
        TraceSummary c = TraceSummary.scan(csv, TraceOptions.defaults(), 0);
        assertEquals(3, c.requests());
        assertEquals(2, c.repaired().count(), c.repaired().toString());
        assertEquals(1, c.skipped().count(), "a row cut before its path is not a request");

        Path jsonl = write(dir, "cut.jsonl",
                "{\"ts\":1732010400.5,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/x\",\"ua\":\"curl\"}",
                "{\"ts\":1732010401.5,\"key\":\"b\",\"method\":\"GET\",\"path\":\"/y\",\"ua\":\"Mozi",
                "{\"ts\":1732010402.5,\"key\":\"c\",\"meth");
        TraceSummary j = TraceSummary.scan(jsonl, TraceOptions.defaults(), 0);
        assertEquals(2, j.requests());
        assertEquals(1, j.repaired().count());
        assertEquals(1, j.skipped().count());
    }

    private static String harEntry(String time, String url) {
        return "{\"startedDateTime\": \"" + time + "\", \"request\": {\"method\": \"GET\", \"url\": \"" + url
                + "\", \"headers\": [{\"name\": \"X-Tenant\", \"value\": \"t1\"}]}, \"response\": {\"status\": 200}}";
    }

    private Path har(String name, String... urls) throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < urls.length; i++) {
            entries.add(harEntry("2024-11-19T10:00:0" + i + ".000Z", urls[i]));
        }
        return write(dir, name, "{\"log\": {\"entries\": [", String.join(",\n", entries), "]}}");
    }

    @Test
    void harClientsAreHostsWhenEntriesSpanSeveralHostsElseRoutes() throws Exception {
        Path multi = har("multi.har", "https://a.example/x", "https://cdn.example:8443/app.js?v=1|2",
                "https://user@a.example/y");
        Traces.Read r = read(multi);
        assertEquals(List.of("a.example", "cdn.example:8443", "a.example"), r.keys(), "default: host");
        assertEquals("v=1|2", r.requests().get(1).query());
        assertEquals(r.keys(), read(multi, TraceOptions.defaults().withKey(TraceKey.parse("host"))).keys());
        assertEquals(List.of("t1", "t1", "t1"), read(multi, TraceOptions.defaults()
                .withKey(TraceKey.parse("header:X-Tenant"))).keys());
        TraceSummary s = TraceSummary.scan(multi, TraceOptions.defaults(), 1);
        assertEquals(TraceKey.HOST, s.key());
        assertEquals(2, s.clients());

        Path single = har("single.har", "https://a.example/x", "https://a.example/y");
        assertEquals(List.of("GET /x", "GET /y"), read(single).keys(), "one host: route");
        assertEquals(TraceKey.ROUTE, TraceSummary.scan(single, TraceOptions.defaults()
                .withReorderWindowNanos(0), 0).key(), "also without the disorder pass");
    }

    @Test
    void aStreamThatCannotBeReadTwiceIsReadOnceWithASixtySecondWindowAndSaysSo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mkfifo").canExecute()
                || new java.io.File("/bin/mkfifo").canExecute(), "needs mkfifo");
        Path fifo = dir.resolve("pipe.log");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<String> lines = new ArrayList<>();
        int[] seconds = {0, 50, 10, 120, 30};   // 40 s behind: put in place; 90 s behind: late
        for (int i = 0; i < seconds.length; i++) {
            lines.add("10.0.0." + i + " - - [" + LOCAL.format(START.plusSeconds(seconds[i])) + "] \"GET /" + i
                    + " HTTP/1.1\" 200 5 \"-\" \"curl/8\"");
        }
        Thread writer = new Thread(() -> {
            try {
                java.nio.file.Files.write(fifo, lines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Traces.Read r = read(fifo, TraceOptions.defaults().withFormat(TraceFormat.COMBINED));
        writer.join(10_000);
        assertEquals(5, r.requests().size());
        assertEquals(1, r.reordered(), "line 3, 40 s behind, is within the 60 s window");
        assertEquals(1, r.late().count(), "line 5, 90 s behind, is not");
        assertEquals(5, r.late().first().get(0).line());
        assertTrue(r.late().first().get(0).reason().contains("read once (not a regular file), with a 60 s reorder"
                + " window"), r.late().toString());
    }
}
