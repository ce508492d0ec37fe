package io.ratelab.traffic.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;

import static io.ratelab.traffic.trace.Traces.MS;
import static io.ratelab.traffic.trace.Traces.SECOND;
import static io.ratelab.traffic.trace.Traces.read;
import static io.ratelab.traffic.trace.Traces.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nginx/Apache access logs: combined, common, and custom log_format strings, with the malformed lines real logs have. */
class AccessLogFormatsTest {

    @TempDir
    Path dir;

    private static long epoch(String iso) {
        return OffsetDateTime.parse(iso).toEpochSecond() * SECOND;
    }

    @Test
    void combinedReadsFieldsTimeZonesAndIpv6AndSkipsGarbageWithLineNumbers() throws Exception {
        Path f = write(dir, "access.log",
                "192.168.1.10 - alice [19/Nov/2024:10:00:00 +0100] \"GET /api/items?page=2 HTTP/1.1\" 200 512 \"-\" \"curl/8\"",
                "this line is not a log line",
                "2001:db8::7 - - [19/Nov/2024:01:00:01 -0800] \"POST /login HTTP/2.0\" 401 12 \"-\" \"UA \\\"quoted\\\"\"",
                "",
                "10.0.0.3 - - [19/Nov/2024:09:00:02 +0000] \"GET / HTTP/1.1\" 2OO 5 \"-\" \"x\"",
                "10.0.0.4 - - [32/Nov/2024:09:00:02 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\"",
                "10.0.0.5 - - [19/Nov/2024:09:00:02 +0000] \"\\x16\\x03\\x01\" 400 157 \"-\" \"-\" \"extra field\"");
        Traces.Read r = read(f);

        assertEquals(TraceFormat.COMBINED, r.format(), "detected");
        assertEquals(3, r.requests().size());
        TraceRequest first = r.requests().get(0);
        assertEquals("192.168.1.10", first.address());
        assertEquals("alice", first.user());
        assertEquals("GET /api/items", first.route(), "the query is dropped");
        assertEquals(200, first.status());
        long nine = epoch("2024-11-19T09:00:00Z");
        assertTrue(first.epochNanos() >= nine && first.epochNanos() < nine + SECOND, "+0100 applied, spread in its second");
        TraceRequest v6 = r.requests().get(1);
        assertEquals("2001:db8::7", v6.address());
        assertEquals(401, v6.status());
        assertTrue(v6.epochNanos() >= nine + SECOND && v6.epochNanos() < nine + 2 * SECOND, "-0800 applied");
        TraceRequest tls = r.requests().get(2);
        assertEquals("- -", tls.route(), "an unreadable request line is still a request");
        assertEquals(400, tls.status());

        assertEquals(3, r.skipped().count());
        assertEquals(2, r.skipped().first().get(0).line());
        assertEquals(5, r.skipped().first().get(1).line());
        assertTrue(r.skipped().first().get(1).reason().contains("status"), r.skipped().toString());
        assertEquals(6, r.skipped().first().get(2).line());
        assertTrue(r.skipped().first().get(2).reason().contains("time"), r.skipped().toString());
    }

    @Test
    void commonLogFormatHasNoRefererOrAgent() throws Exception {
        Path f = write(dir, "clf.log",
                "127.0.0.1 user-identifier frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
                "127.0.0.1 - - [10/Oct/2000:13:55:37 -0700] \"GET /x HTTP/1.0\" 304 -",
                "127.0.0.1 - - [10/Oct/2000:13:55:37 -0700] GET /broken 200 1");
        Traces.Read r = read(f, "common");
        assertEquals(2, r.requests().size());
        assertEquals("frank", r.requests().get(0).user());
        long t = epoch("2000-10-10T13:55:36-07:00");
        assertTrue(r.time(0) >= t && r.time(0) < t + SECOND);
        assertEquals(1, r.skipped().count());
        assertEquals(3, r.skipped().first().get(0).line());
        assertEquals(TraceFormat.COMMON, TraceFormat.detect(write(dir, "only-clf.log",
                "127.0.0.1 - - [10/Oct/2000:13:55:37 -0700] \"GET /x HTTP/1.0\" 304 -")));
    }

    @Test
    void customLogFormatWithMsecRequestTimeAndHeaders() throws Exception {
        String format = "$remote_addr [$msec] \"$request\" $status rt=$request_time key=\"$http_x_api_key\""
                + " xff=\"$http_x_forwarded_for\"";
        Path f = write(dir, "custom.log",
                "10.1.1.1 [1732010400.250] \"GET /a HTTP/1.1\" 200 rt=0.050 key=\"k-1\" xff=\"203.0.113.9, 10.1.1.1\"",
                "10.1.1.1 [1732010400.500] \"GET /b HTTP/1.1\" 429 rt=0.000 key=\"-\" xff=\"-\"",
                "10.1.1.2 [not-a-time] \"GET /c HTTP/1.1\" 200 rt=0.001 key=\"k-2\" xff=\"-\"");
        TraceOptions o = TraceOptions.defaults().withFormat(TraceFormat.parse(format));
        Traces.Read r = read(f, o);
        assertEquals(2, r.requests().size());
        assertEquals(1732010400L * SECOND + 200 * MS, r.time(0), "$msec minus $request_time: the arrival");
        assertEquals(1732010400L * SECOND + 500 * MS, r.time(1), "millisecond stamps are used as they are");
        assertEquals("k-1", r.requests().get(0).headers().get("x-api-key"));
        assertNull(r.requests().get(1).headers().get("x-api-key"), "'-' is no header");
        assertEquals(1, r.skipped().count());
        assertEquals(3, r.skipped().first().get(0).line());

        assertEquals(java.util.List.of("k-1", "-"), read(f, o.withKey(TraceKey.parse("header:X-Api-Key"))).keys());
        assertEquals(java.util.List.of("203.0.113.9", "10.1.1.1"), read(f, o.withKey(TraceKey.parse("forwarded")))
                .keys());
    }

    @Test
    void isoTimeFormat() throws Exception {
        Path f = write(dir, "iso.log",
                "10.0.0.1 2024-11-19T10:00:00.125+01:00 GET /x 200",
                "10.0.0.1 2024-11-19T09:00:00.250Z GET /y 200");
        Traces.Read r = read(f, "$remote_addr $time_iso8601 $request_method $uri $status");
        assertEquals(epoch("2024-11-19T09:00:00Z") + 125 * MS, r.time(0));
        assertEquals(epoch("2024-11-19T09:00:00Z") + 250 * MS, r.time(1));
        assertEquals("GET /y", r.requests().get(1).route());
    }

    @Test
    void aFormatWithoutTimeOrAnUndetectableFileIsAClearError() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceFormat.parse("$remote_addr \"$request\""));
        assertTrue(e.getMessage().startsWith("format: "), e.getMessage());
        TraceException d = assertThrows(TraceException.class, () -> TraceFormat.detect(write(dir, "x.log", "hello")));
        assertTrue(d.getMessage().contains("cannot tell the format"), d.getMessage());
        TraceException missing = assertThrows(TraceException.class,
                () -> TraceReader.open(dir.resolve("nope.log"), TraceOptions.defaults().withFormat(TraceFormat.COMBINED)));
        assertTrue(missing.getMessage().startsWith("path: no such file"), missing.getMessage());
    }
}
