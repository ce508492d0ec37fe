package io.ratelab.traffic.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decisions traces record, as the readers hand them out: a RateLab recording's outcome, shadow and limiter, nginx's
 * {@code $limit_req_status} (the shadow export's format detected), and the HAProxy shadow log's would-be field behind
 * syslog prefixes and HAProxy's notices.
 */
class RecordedDecisionsTest {

    private static List<TraceRequest> read(Path file, TraceOptions options) {
        List<TraceRequest> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(file, options)) {
            while (r.advance()) {
                out.add(r.request());
            }
        }
        return out;
    }

    @Test
    void recordingsCarryOutcomeShadowAndLimiter(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("rec.jsonl"), String.join("\n",
                "{\"ts\":1732400000.000000001,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"api\","
                        + "\"outcome\":\"rejected\",\"status\":429}",
                "{\"ts\":1732400000.000000002,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"api\","
                        + "\"outcome\":\"error\",\"shadow\":\"rejected\",\"status\":502}",
                "{\"ts\":1732400000.000000003,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/\",\"outcome\":\"admitted\","
                        + "\"status\":200}",
                "{\"ts\":1732400000.000000004,\"key\":\"a\",\"outcome\":\"admitted\",\"shadow\":\"maybe\"}") + "\n");
        List<TraceRequest> rs;
        try (TraceReader r = TraceReader.open(f, TraceOptions.defaults())) {
            rs = new ArrayList<>();
            while (r.advance()) {
                rs.add(r.request());
            }
            assertEquals(1, r.skipped().count(), "a shadow value that is neither admitted nor rejected");
            assertTrue(r.skipped().first().get(0).reason().contains("'maybe'"), r.skipped().toString());
        }
        assertEquals(new RecordedDecision("api", true, false), rs.get(0).recorded());
        assertEquals(new RecordedDecision("api", true, true), rs.get(1).recorded(), "an error was admitted; in"
                + " shadow mode it would have been refused");
        assertEquals(new RecordedDecision(null, false, false), rs.get(2).recorded());
        assertEquals(1732400000_000000003L, rs.get(2).epochNanos(), "nanoseconds kept exactly");
    }

    @Test
    void nginxLimitReqStatusAndTheShadowFormatIsDetected(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("shadow.log"), String.join("\n",
                "10.0.0.1 [1732400000.250] \"GET /a?q=1 HTTP/1.1\" 200 0.050 PASSED \"key-1\"",
                "10.0.0.1 [1732400000.300] \"GET /a HTTP/1.1\" 200 0.000 REJECTED_DRY_RUN \"key-1\"",
                "10.0.0.2 [1732400000.400] \"GET /b HTTP/1.1\" 503 0.000 DELAYED_DRY_RUN \"-\"",
                "10.0.0.2 [1732400000.500] \"GET /c HTTP/1.1\" 404 0.000 - \"-\"") + "\n");
        assertEquals(TraceFormat.NGINX_SHADOW_LOG, TraceFormat.detect(f).logFormat());
        List<TraceRequest> rs = read(f, TraceOptions.defaults());
        assertEquals(1732400000_200_000_000L, rs.get(0).epochNanos(), "arrival = $msec - $request_time");
        assertEquals(new RecordedDecision(null, false, false), rs.get(0).recorded());
        assertEquals(new RecordedDecision(null, true, true), rs.get(1).recorded());
        assertEquals(new RecordedDecision(null, false, true), rs.get(2).recorded());
        assertNull(rs.get(3).recorded(), "no limit decided it");
        List<TraceRequest> withHeader = read(f, TraceOptions.defaults().withFormat(TraceFormat.parse(
                TraceFormat.NGINX_SHADOW_LOG + " \"$http_x_api_key\"")).withKey(TraceKey.parse("header:X-Api-Key")));
        assertEquals("key-1", withHeader.get(0).headers().get("x-api-key"));
    }

    @Test
    void haproxyShadowLogIsFoundBehindNoticesAndPrefixes(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("haproxy.log"), String.join("\n",
                "[NOTICE]   (7) : New worker (8) forked",
                "[NOTICE]   (7) : Loading success.",
                "Dec  6 01:00:00 lb haproxy[8]: ratelab-shadow 1732400000123 10.0.0.7 200 would-reject"
                        + " \"GET /items?q=1 HTTP/1.1\" GET /items",
                "ratelab-shadow 1732400000124 ::1 200 - \"<BADREQ>\" -",
                "ratelab-shadow - 10.0.0.7 200 - \"GET / HTTP/1.1\" 10.0.0.7") + "\n");
        assertEquals(TraceFormat.HAPROXY, TraceFormat.detect(f));
        List<TraceRequest> rs;
        try (TraceReader r = TraceReader.open(f, TraceOptions.defaults())) {
            rs = new ArrayList<>();
            while (r.advance()) {
                rs.add(r.request());
            }
            assertEquals(1, r.skipped().count(), "the line without a time: " + r.skipped());
        }
        TraceRequest first = rs.get(0);
        assertEquals(1732400000_123_000_000L, first.epochNanos());
        assertEquals("10.0.0.7", first.address());
        assertEquals("/items", first.path());
        assertEquals("q=1", first.query());
        assertEquals("GET /items", first.key(), "the key is the rest of the line (a route key has a space)");
        assertEquals(new RecordedDecision(null, true, true), first.recorded());
        assertEquals("-", rs.get(1).method());
        assertEquals(new RecordedDecision(null, false, true), rs.get(1).recorded());
    }
}
