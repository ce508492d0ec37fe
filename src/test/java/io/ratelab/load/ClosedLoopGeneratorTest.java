package io.ratelab.load;

import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.Outcome;
import org.junit.jupiter.api.Test;

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
            assertTrue(r.sent() >= 2 * 8, "users kept going: " + r.sent());
            assertEquals(r.sent(), r.metrics().total(Outcome.STATUS_200));
            assertEquals(server.byKey.get("client-0").get(), server.byKey.get("client-1").get(), 1);
            assertEquals(java.util.Set.of("client-0", "client-1"), r.metrics().clients().busiest().stream()
                    .map(c -> c.key()).collect(java.util.stream.Collectors.toSet()), "each user by its key");
            assertEquals(r.sent(), r.metrics().clients().busiest().stream().mapToLong(c -> c.offered()).sum());
        }
    }
}
