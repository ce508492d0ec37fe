package io.ratelab.traffic.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static io.ratelab.traffic.trace.Traces.MS;
import static io.ratelab.traffic.trace.Traces.SECOND;
import static io.ratelab.traffic.trace.Traces.read;
import static io.ratelab.traffic.trace.Traces.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HAR, CSV, JSON lines and RateLab's own proxy recordings, each with malformed input. */
class StructuredFormatsTest {

    @TempDir
    Path dir;

    private static long epochNanos(String iso) {
        OffsetDateTime t = OffsetDateTime.parse(iso);
        return t.toEpochSecond() * SECOND + t.getNano();
    }

    @Test
    void harEntriesStreamWithHeadersAndAnEntryWithoutTimeIsSkipped() throws Exception {
        Path f = write(dir, "session.har",
                "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"x\"},",
                " \"pages\": [{\"id\": \"p\", \"title\": \"t\"}],",
                " \"entries\": [",
                "  {\"startedDateTime\": \"2024-11-19T10:00:00.120+01:00\", \"time\": 5,",
                "   \"request\": {\"method\": \"GET\", \"url\": \"https://api.example.com/v1/items?x=1\",",
                "     \"headers\": [{\"name\": \"X-Api-Key\", \"value\": \"abc\"}]},",
                "   \"response\": {\"status\": 200, \"content\": {\"text\": \"a long body [ { ] }\"}}},",
                "  {\"time\": 5, \"request\": {\"method\": \"GET\", \"url\": \"https://x/\"}},",
                "  {\"startedDateTime\": \"2024-11-19T09:00:00.080Z\",",
                "   \"request\": {\"method\": \"POST\", \"url\": \"https://api.example.com/v1/orders\", \"headers\": []},",
                "   \"response\": {\"status\": 429}}",
                " ]}}");
        Traces.Read r = read(f);
        assertEquals(TraceFormat.HAR, r.format());
        assertEquals(2, r.requests().size());
        assertEquals(epochNanos("2024-11-19T09:00:00.080Z"), r.time(0), "put in time order");
        assertEquals("POST /v1/orders", r.requests().get(0).route());
        assertEquals(429, r.requests().get(0).status());
        assertEquals("GET /v1/items", r.requests().get(1).route());
        assertEquals("abc", r.requests().get(1).headers().get("x-api-key"));
        assertEquals(1, r.skipped().count());
        assertEquals(8, r.skipped().first().get(0).line(), "the line where the bad entry starts");
        assertEquals(1, r.reordered());
        assertEquals(List.of("-", "abc"), read(f, TraceOptions.defaults().withKey(TraceKey.parse("header:x-api-key")))
                .keys());
    }

    @Test
    void aTruncatedHarKeepsTheEntriesBeforeTheBreak() throws Exception {
        Path f = write(dir, "cut.har",
                "{\"log\": {\"entries\": [",
                "  {\"startedDateTime\": \"2024-11-19T09:00:00Z\", \"request\": {\"method\": \"GET\", \"url\": \"/a\"}},",
                "  {\"startedDateTime\": \"2024-11-19T09:00:01Z\", \"request\": {\"method\": \"GET\", \"url\": \"/b\"");
        Traces.Read r = read(f);
        assertEquals(1, r.requests().size());
        assertEquals(1, r.skipped().count());
        assertTrue(r.skipped().first().get(0).reason().contains("breaks off"), r.skipped().toString());
    }

    @Test
    void csvWithEpochSecondsMillisAndIsoAndBadRows() throws Exception {
        Path f = write(dir, "t.csv",
                "# exported from the gateway",
                "timestamp,key,method,path",
                "1732010400.5,alice,GET,/a",
                "1732010400750,bob,POST,\"/b,c\"",
                "2024-11-19T11:00:01.000+01:00,carol,GET,/c?q=1",
                "2024-11-19T10:00:01.5,dave,GET,/d",
                "yesterday,eve,GET,/e",
                "1732010402,frank",
                "");
        Traces.Read r = read(f);
        assertEquals(TraceFormat.CSV, r.format());
        assertEquals(List.of("alice", "bob", "carol", "dave"), r.keys());
        assertEquals(1732010400L * SECOND + 500 * MS, r.time(0));
        assertEquals(1732010400L * SECOND + 750 * MS, r.time(1), "milliseconds by magnitude");
        assertEquals("POST /b,c", r.requests().get(1).route(), "a quoted comma");
        assertEquals(epochNanos("2024-11-19T10:00:01Z"), r.time(2), "offset applied");
        assertEquals(epochNanos("2024-11-19T10:00:01.5Z"), r.time(3), "no zone means UTC");
        assertEquals(2, r.skipped().count());
        assertEquals(7, r.skipped().first().get(0).line());
        assertEquals(8, r.skipped().first().get(1).line());
    }

    @Test
    void csvWithoutItsHeaderIsAClearError() throws Exception {
        Path f = write(dir, "noheader.csv", "1732010400,alice,GET,/a");
        TraceException e = assertThrows(TraceException.class, () -> read(f));
        assertTrue(e.getMessage().contains("header row naming timestamp and key"), e.getMessage());
    }

    @Test
    void jsonLinesWithIsoAndEpochTimesHeadersAndGarbage() throws Exception {
        Path f = write(dir, "t.jsonl",
                "{\"timestamp\": \"2024-11-19T09:00:00.100Z\", \"ip\": \"2001:db8::1\", \"method\": \"GET\","
                        + " \"path\": \"/a\", \"headers\": {\"X-Tenant\": \"t1\"}, \"extra\": [1, {\"a\": 2}]}",
                "{\"time\": 1732006800200, \"key\": \"k2\", \"user\": \"u2\", \"url\": \"/b?x\", \"status\": 503}",
                "{not json",
                "[1, 2]",
                "{\"key\": \"no-time\"}");
        Traces.Read r = read(f);
        assertEquals(TraceFormat.JSONL, r.format());
        assertEquals(2, r.requests().size());
        assertEquals(epochNanos("2024-11-19T09:00:00.100Z"), r.time(0));
        assertEquals(1732006800200L * MS, r.time(1));
        assertEquals(List.of("2001:db8::1", "k2"), r.keys(), "key falls back to the address");
        assertEquals("t1", r.requests().get(0).headers().get("x-tenant"));
        assertEquals(503, r.requests().get(1).status());
        assertEquals(3, r.skipped().count());
        assertEquals(List.of(3L, 4L, 5L), r.skipped().first().stream().map(LineTally.Line::line).toList());
        assertEquals(List.of("-", "u2"), read(f, TraceOptions.defaults().withKey(TraceKey.parse("user"))).keys());
    }

    @Test
    void rateLabRecordingsReadAsWrittenByTheProxy() throws Exception {
        Path f = write(dir, "recorded.jsonl",
                "{\"ts\":1732400000.123456,\"key\":\"127.0.0.2\",\"method\":\"GET\",\"path\":\"/items\","
                        + "\"outcome\":\"admitted\",\"status\":200}",
                "{\"ts\":1732400000.123999,\"key\":\"127.0.0.3\",\"method\":\"GET\",\"path\":\"/items\","
                        + "\"outcome\":\"rejected\",\"status\":429}",
                "{\"ts\":1732400000.2,\"method\":\"GET\",\"path\":\"/items\",\"outcome\":\"admitted\",\"status\":200}");
        Traces.Read r = read(f);
        assertEquals(TraceFormat.RATELAB, r.format(), "detected by its outcome field");
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), r.keys());
        assertEquals(1732400000L * SECOND + 123_456_000L, r.time(0), "microseconds kept exactly");
        assertEquals(1732400000L * SECOND + 123_999_000L, r.time(1));
        assertEquals(1, r.skipped().count(), "a recording line without key");
        assertEquals(3, r.skipped().first().get(0).line());
    }

    @Test
    void gzipFilesAreReadTransparently() throws Exception {
        Path plain = write(dir, "a.csv", "timestamp,key,method,path", "1732010400.5,alice,GET,/a");
        Path gz = dir.resolve("a.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            out.write(java.nio.file.Files.readAllBytes(plain));
        }
        assertEquals(List.of("alice"), read(gz).keys());
    }
}
