package io.ratelab.load;

import io.ratelab.metrics.ClientStats;
import io.ratelab.metrics.Outcome;
import io.ratelab.traffic.RateProfile;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.Spacing;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each retry policy of io.ratelab.traffic, live: a server that always answers 429 sees the resends. */
class RetryLiveTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** One client sending one request at t = 0 (rate 1 per window), under {@code retry}. */
    private static LoadResult oneRequest(CountingServer server, RetryPolicy retry, long windowNanos) throws Exception {
        TrafficPlan plan = new TrafficPlan(List.of(new TrafficGroup("c", 1, 0, TrafficGroup.DEFAULT_ROUTE, retry,
                io.ratelab.traffic.ClientArrivals.population(RateProfile.constant(1e9 / windowNanos), Spacing.EVEN,
                        1))), windowNanos, 7);
        return new OpenLoopGenerator(HttpTarget.parse(server.url()), plan, ClientKeys.header("X-Api-Key"),
                LoadOptions.defaults()).run();
    }

    private static List<Long> gapsMillis(CountingServer server) {
        List<Long> times = new ArrayList<>(server.arrivalsByKey.get("c-0"));
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add((times.get(i) - times.get(i - 1)) / MS);
        }
        return gaps;
    }

    @Test
    void noRetrySendsOnce() throws Exception {
        try (CountingServer server = new CountingServer().status(429)) {
            LoadResult r = oneRequest(server, RetryPolicy.none(), SECOND / 2);
            assertEquals(1, server.received.get());
            assertEquals(0, r.metrics().total(Outcome.RETRY));
            assertEquals(1, r.metrics().total(Outcome.STATUS_429));
        }
    }

    @Test
    void immediateRetryResendsAtOnceUpToMaxAttempts() throws Exception {
        try (CountingServer server = new CountingServer().status(429)) {
            LoadResult r = oneRequest(server, RetryPolicy.immediate(4, 0), SECOND / 2);
            assertEquals(4, server.received.get(), "first send and 3 retries");
            assertEquals(3, r.metrics().total(Outcome.RETRY));
            assertEquals(4, r.sent());
            assertEquals(1, r.sentInWindow(), "the achieved rate counts first attempts only");
            ClientStats.ClientCount c = r.metrics().clients().busiest().get(0);
            assertEquals(List.of("c-0", 1L, 0L, 4L), List.of(c.key(), c.offered(), c.admitted(), c.rejected()),
                    "per client: one request offered, its four attempts rejected");
            gapsMillis(server).forEach(g -> assertTrue(g < 200, "immediate: " + gapsMillis(server)));
        }
    }

    @Test
    void backoffWaitsBaseTimesTwoToTheAttempt() throws Exception {
        try (CountingServer server = new CountingServer().status(429)) {
            LoadResult r = oneRequest(server, RetryPolicy.backoff(3, 100 * MS, SECOND, RetryPolicy.Jitter.NONE),
                    SECOND);
            assertEquals(3, server.received.get());
            assertEquals(2, r.metrics().total(Outcome.RETRY));
            List<Long> gaps = gapsMillis(server);
            assertTrue(gaps.get(0) >= 100 && gaps.get(0) < 400, "100 ms after the first 429: " + gaps);
            assertTrue(gaps.get(1) >= 200 && gaps.get(1) < 500, "200 ms after the second: " + gaps);
        }
    }

    @Test
    void retryAfterHonoursTheHeader() throws Exception {
        try (CountingServer server = new CountingServer().status(429).retryAfter("1")) {
            LoadResult r = oneRequest(server, RetryPolicy.retryAfter(2, 50 * MS), 3 * SECOND);
            assertEquals(2, server.received.get());
            assertEquals(1, r.metrics().total(Outcome.RETRY));
            long gap = gapsMillis(server).get(0);
            assertTrue(gap >= 1000 && gap < 2000,
                    "Retry-After: 1 means a second after the 429 arrived: " + gap + " ms");
        }
    }

    @Test
    void retriesThatWouldLeaveAfterTheWindowAreNotSent() throws Exception {
        try (CountingServer server = new CountingServer().status(429).retryAfter("5")) {
            LoadResult r = oneRequest(server, RetryPolicy.retryAfter(3, 50 * MS), SECOND / 2);
            assertEquals(1, server.received.get());
            assertEquals(0, r.unfinished());
        }
    }

    @Test
    void retryAfterHeaderReadsSecondsAndDates() {
        assertEquals(3 * SECOND, RetryAfterHeader.nanos(" 3 ", 0));
        assertEquals(-1, RetryAfterHeader.nanos("soon", 0));
        assertEquals(-1, RetryAfterHeader.nanos(null, 0));
        long now = 784_111_777_000L - 2_000;   // Sun, 06 Nov 1994 08:49:37 GMT minus 2 s
        assertEquals(2 * SECOND, RetryAfterHeader.nanos("Sun, 06 Nov 1994 08:49:37 GMT", now));
    }
}
