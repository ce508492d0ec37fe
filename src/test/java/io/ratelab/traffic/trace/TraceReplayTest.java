package io.ratelab.traffic.trace;

import io.ratelab.traffic.ArrivalProcess;
import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.ClientArrivals;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.ratelab.traffic.trace.Traces.MS;
import static io.ratelab.traffic.trace.Traces.SECOND;
import static io.ratelab.traffic.trace.Traces.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trace as a traffic group's arrivals: recorded time ÷ speed, clients by key, loop, summary. */
class TraceReplayTest {

    @TempDir
    Path dir;

    private Path trace() throws Exception {
        return write(dir, "t.csv", "timestamp,key,method,path",
                "1732010400000,alice,GET,/a",
                "1732010400100,bob,GET,/a",
                "1732010400250,alice,GET,/b",
                "1732010401000,carol,GET,/a",
                "1732010402000,bob,GET,/c");
    }

    private static List<long[]> drain(ClientArrivals a) {
        List<long[]> out = new ArrayList<>();
        for (long t = a.nextNanos(); t != ArrivalProcess.END; t = a.nextNanos()) {
            out.add(new long[]{t, a.client()});
        }
        return out;
    }

    @Test
    void sendsEachRequestAtItsRecordedOffsetDividedBySpeedByItsOwnClient() throws Exception {
        TraceReplay replay = TraceReplay.of(trace(), TraceOptions.defaults(), 10, false);
        assertEquals(3, replay.clients());
        assertEquals(200 * MS + 1, replay.lengthNanos(), "2 s of trace at speed 10, plus 1 ns");
        List<long[]> got = drain(replay.open(new SplittableRandom(1), SECOND));
        long[][] expected = {{0, 0}, {10 * MS, 1}, {25 * MS, 0}, {100 * MS, 2}, {200 * MS, 1}};
        assertEquals(expected.length, got.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], got.get(i)[0], "time of request " + i);
            assertEquals(expected[i][1], got.get(i)[1], "client of request " + i);
        }
        List<long[]> cut = drain(replay.open(new SplittableRandom(1), 100 * MS));
        assertEquals(3, cut.size(), "nothing at or after the run's duration");
    }

    @Test
    void loopStartsOverAfterSpanPlusTheMeanGap() throws Exception {
        TraceReplay replay = TraceReplay.of(trace(), TraceOptions.defaults(), 1, true);
        assertEquals(ArrivalProcess.END, replay.lengthNanos());
        List<long[]> got = drain(replay.open(null, 6 * SECOND));
        // period = 2 s span + 0.5 s mean gap = 2.5 s: loops start at 0, 2.5 s, 5 s
        assertEquals(13, got.size(), "5 + 5 + the 3 of the third loop before 6 s");
        assertEquals(2500 * MS, got.get(5)[0]);
        assertEquals(0, got.get(5)[1], "the same key is the same client in every loop");
        assertEquals(5000 * MS, got.get(10)[0]);
    }

    @Test
    void mergesIntoAnArrivalStreamWithModelledGroups() throws Exception {
        TraceReplay replay = TraceReplay.of(trace(), TraceOptions.defaults(), 1, false);
        TrafficPlan plan = new TrafficPlan(List.of(
                new TrafficGroup("recorded", replay.clients(), 0, "GET /", RetryPolicy.none(), replay),
                TrafficGroup.of("model", 1, io.ratelab.traffic.RateProfile.constant(1), io.ratelab.traffic.Spacing.EVEN,
                        RetryPolicy.none())), 3 * SECOND, 7);
        ArrivalStream s = plan.stream();
        int recorded = 0;
        int modelled = 0;
        long last = 0;
        while (s.advance()) {
            assertTrue(s.timeNanos() >= last);
            last = s.timeNanos();
            if (s.group() == 0) {
                recorded++;
            } else {
                modelled++;
            }
        }
        assertEquals(5, recorded);
        assertEquals(3, modelled);
    }

    @Test
    void summaryCountsSpanClientsRatesAndTopClients() throws Exception {
        TraceSummary s = TraceSummary.scan(trace(), TraceOptions.defaults(), 2);
        assertEquals(5, s.requests());
        assertEquals(2 * SECOND, s.spanNanos());
        assertEquals(3, s.clients());
        assertEquals(List.of(3, 1, 1), java.util.Arrays.stream(s.perSecond()).boxed().toList());
        assertEquals(new TraceSummary.RateStats(1, 1, 3), s.rateStats());
        assertEquals(List.of(new TraceSummary.ClientCount("alice", 2), new TraceSummary.ClientCount("bob", 2)),
                s.topClients());
        TraceSummary byRoute = TraceSummary.scan(trace(), TraceOptions.defaults().withKey(TraceKey.parse("route")), 1);
        assertEquals(3, byRoute.clients());
        assertEquals("GET /a", byRoute.topClients().get(0).client());
        assertEquals(1, TraceSummary.scan(trace(), TraceOptions.defaults().withKey(TraceKey.parse("global")), 1)
                .clients());
    }

    @Test
    void aTraceWithoutReadableRequestsOrABadSpeedIsRefused() throws Exception {
        Path junk = write(dir, "junk.log", "nothing here", "or here");
        TraceException e = assertThrows(TraceException.class,
                () -> TraceReplay.of(junk, TraceOptions.defaults().withFormat(TraceFormat.COMBINED), 1, false));
        assertTrue(e.getMessage().startsWith("path: ") && e.getMessage().contains("line 1:"), e.getMessage());
        TraceException s = assertThrows(TraceException.class, () -> TraceReplay.of(trace(), TraceOptions.defaults(),
                0, false));
        assertTrue(s.getMessage().startsWith("speed: "), s.getMessage());
    }
}
