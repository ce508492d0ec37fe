package io.ratelab.load;

import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.CountedColumn;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedLoopGeneratorTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void usersNeverExceedTheirNumberAndEachWaitsForItsAnswer() throws Exception {
        // 3 users against a 20 ms server for 1 s: at most 3 in flight, at most 3 * (1000 / 20 + 1) requests
        try (CountingServer server = new CountingServer().delay(n -> 20)) {
            LoadResult r = new ClosedLoopGenerator(HttpTarget.parse(server.url()), 3, 0, SECOND,
                    ClientIdentity.anonymous(), LoadOptions.defaults()).run();

            assertEquals(3, server.maxInFlight.get());
            assertEquals(server.received.get(), r.sent());
            assertTrue(r.sent() <= 3 * 51, "sent " + r.sent());
            assertTrue(r.sent() >= 3 * 10, "users kept going: " + r.sent());
            LatencySummary raw = r.metrics().rawSummary();
            assertTrue(raw.p50Nanos() >= 20 * MS, "each request waited for the server: " + raw);
            assertEquals(0, r.late(), "a closed loop has no schedule to fall behind");
            assertEquals("closed", r.mode());
        }
    }

    @Test
    void thinkTimePacesEachUser() throws Exception {
        // 2 users, instant server, 100 ms think time, 1 s: each user sends at most 1 + 1000 / 100 requests
        try (CountingServer server = new CountingServer()) {
            LoadResult r = new ClosedLoopGenerator(HttpTarget.parse(server.url()), 2, 100 * MS, SECOND,
                    ClientIdentity.headers("X-Api-Key", 2), LoadOptions.defaults()).run();

            assertTrue(r.sent() <= 2 * 10, "think time limits each user: " + r.sent());
            // The pace is checked on each user's own arrivals at the server rather than by counting what fits into
            // the second: a stall of the machine only lengthens a gap, but it took a count of at least 16 (8 of the
            // ideal 9 or 10 per user) below its bound (12 and 14 with a simulated half-second stall).
            for (String user : List.of("client-0", "client-1")) {
                List<Long> gaps = gapsNanos(server.arrivalsByKey.get(user));
                List<Long> shown = gaps.stream().map(g -> g / MS).toList();
                // kept going: even two half-second stalls in the second leave 4 of the 9 or 10; a user that stopped
                // after its first think sends 1 or 2
                assertTrue(gaps.size() + 1 >= 3, user + " kept going: " + (gaps.size() + 1) + " requests");
                // every request waited for the previous answer plus the think time (the IO thread's timer has
                // millisecond resolution, so it may fire up to 1 ms early)
                assertTrue(gaps.stream().allMatch(g -> g >= 99 * MS), user + " thought 100 ms each time, gaps in ms: "
                        + shown);
                // and thought only once: a stall lengthens the gap it falls in, a doubled think time every gap
                assertTrue(gaps.stream().anyMatch(g -> g < 200 * MS), user + " thought 100 ms, not 200, gaps in ms: "
                        + shown);
            }
            assertEquals(r.sent(), r.metrics().total(CountedColumn.STATUS_200));
            assertEquals(server.byKey.get("client-0").get(), server.byKey.get("client-1").get(), 1);
            assertEquals(java.util.Set.of("client-0", "client-1"), r.metrics().clients().busiest().stream()
                    .map(c -> c.key()).collect(java.util.stream.Collectors.toSet()), "each user by its key");
            assertEquals(r.sent(), r.metrics().clients().busiest().stream().mapToLong(c -> c.offered()).sum());
        }
    }

    /** The gaps between consecutive arrivals, in order. */
    private static List<Long> gapsNanos(List<Long> arrivals) {
        List<Long> times;
        synchronized (arrivals) {
            times = new ArrayList<>(arrivals);
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }
}
