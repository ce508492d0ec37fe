package io.ratelab.traffic;

import io.ratelab.limit.Decision;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merged stream: ordering, client populations, retries, determinism. */
class ArrivalStreamTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void mergesGroupsInTimeOrderAndCountsEachGroup() {
        TrafficPlan plan = new TrafficPlan(List.of(
                TrafficGroup.of("a", 3, RateProfile.constant(10), Spacing.EVEN, null),
                TrafficGroup.of("b", 50, RateProfile.constant(2), Spacing.POISSON, null)), 10 * SECOND, 42);
        ArrivalStream s = plan.stream();
        long previous = -1;
        int[] perGroup = new int[2];
        while (s.advance()) {
            assertTrue(s.timeNanos() >= previous);
            previous = s.timeNanos();
            perGroup[s.group()]++;
        }
        assertEquals(300, perGroup[0], "3 clients x 10/s x 10 s, evenly");
        assertEquals(1000, perGroup[1], 4 * Math.sqrt(1000));
        assertEquals(perGroup[0] + perGroup[1], s.firstAttempts());
    }

    @Test
    void evenClientsTakeTurnsAndEachKeepsItsOwnRate() {
        TrafficPlan plan = new TrafficPlan(List.of(TrafficGroup.of("g", 4, RateProfile.constant(5), Spacing.EVEN,
                null)), 2 * SECOND, 1);
        ArrivalStream s = plan.stream();
        List<Long> client2 = new ArrayList<>();
        int k = 0;
        while (s.advance()) {
            assertEquals(k++ % 4, s.client());
            if (s.client() == 2) {
                client2.add(s.timeNanos());
            }
        }
        assertEquals(10, client2.size());
        for (int i = 1; i < client2.size(); i++) {
            assertEquals(200_000_000L, client2.get(i) - client2.get(i - 1), 1.0, "client 2 sends every 1/5 s");
        }
    }

    @Test
    void poissonClientsAreChosenUniformly() {
        int clients = 100_000;
        TrafficPlan plan = new TrafficPlan(List.of(TrafficGroup.of("many", clients, RateProfile.constant(0.5),
                Spacing.POISSON, null)), 20 * SECOND, 5);
        ArrivalStream s = plan.stream();
        int[] perDecile = new int[10];
        while (s.advance()) {
            perDecile[s.client() / (clients / 10)]++;
        }
        for (int c : perDecile) {
            assertEquals(100_000, c, 4 * Math.sqrt(100_000), "a tenth of 1M arrivals per tenth of the clients");
        }
    }

    @Test
    void rejectedSendsComeBackAsRetriesUpToTheBound() {
        TrafficPlan plan = new TrafficPlan(List.of(TrafficGroup.of("r", 1, RateProfile.constant(1), Spacing.EVEN,
                RetryPolicy.immediate(3, 10_000_000L))), 5 * SECOND, 1);
        ArrivalStream s = plan.stream();
        List<String> seen = new ArrayList<>();
        while (s.advance()) {
            seen.add(s.timeNanos() / 10_000_000L + "/" + s.attempt());
            if (s.timeNanos() < SECOND) {
                s.retryCurrent(Decision.rejected(1, SECOND, SECOND));
            }
        }
        assertEquals(List.of("0/0", "1/1", "2/2", "100/0", "200/0", "300/0", "400/0"), seen);
        assertEquals(2, s.retries());
        assertEquals(5, s.firstAttempts());
    }

    @Test
    void retriesPastTheDurationAreDropped() {
        TrafficPlan plan = new TrafficPlan(List.of(TrafficGroup.of("r", 1, RateProfile.constant(1), Spacing.EVEN,
                RetryPolicy.retryAfter(5, SECOND))), 2 * SECOND, 1);
        ArrivalStream s = plan.stream();
        s.advance();
        s.advance();
        assertEquals(SECOND, s.timeNanos());
        assertEquals(RetryPolicy.NO_RETRY, s.retryCurrent(Decision.rejected(1, SECOND, SECOND)));
        assertEquals(0, s.pendingRetries());
    }

    @Test
    void aLateRetryFromALiveGeneratorComesNextStampedWithTheCurrentTime() {
        TrafficPlan plan = new TrafficPlan(List.of(TrafficGroup.of("r", 2, RateProfile.constant(1), Spacing.EVEN,
                RetryPolicy.immediate(2, 0))), 5 * SECOND, 1);
        ArrivalStream s = plan.stream();
        for (int i = 0; i < 4; i++) {
            s.advance();
        }
        assertEquals(1_500_000_000L, s.timeNanos());
        // the 429 for client 0's first send (at 0 s) arrives now; its retry was due at 0.2 s
        assertEquals(200_000_000L, s.retry(0, 0, 0, 200_000_000L, -1));
        assertTrue(s.advance());
        assertEquals(1_500_000_000L, s.timeNanos(), "never goes back in time");
        assertEquals(1, s.attempt());
        assertEquals(0, s.client());
        assertEquals(RetryPolicy.NO_RETRY, s.retry(0, 0, 1, 1_600_000_000L, -1), "two attempts were the bound");
    }

    @Test
    void sameSeedSameStream() {
        assertEquals(trace(9), trace(9));
        assertTrue(!trace(9).equals(trace(10)));
    }

    @Test
    void addressesAreDistinctAcrossGroupsAndSharedBehindNat() {
        TrafficPlan plan = new TrafficPlan(List.of(
                new TrafficGroup("office", 50, 2, "GET /api", null,
                        ClientArrivals.population(RateProfile.constant(1), Spacing.EVEN, 50)),
                TrafficGroup.of("home", 300, RateProfile.constant(1), Spacing.EVEN, null)), SECOND, 1);
        assertEquals("10.0.0.1", plan.addressOf(0, 0));
        assertEquals("10.0.0.2", plan.addressOf(0, 1));
        assertEquals("10.0.0.1", plan.addressOf(0, 2));
        assertEquals("10.0.0.3", plan.addressOf(1, 0));
        assertEquals("10.0.1.46", plan.addressOf(1, 299));
        assertEquals("office-7", plan.clientIdOf(0, 7));
    }

    private static List<Long> trace(long seed) {
        TrafficPlan plan = new TrafficPlan(List.of(
                TrafficGroup.of("p", 10, RateProfile.constant(3), Spacing.POISSON,
                        RetryPolicy.backoff(4, 1_000_000L, 100_000_000L, RetryPolicy.Jitter.FULL)),
                TrafficGroup.of("s", 2, RateProfile.sine(5, 4, 3 * SECOND), Spacing.POISSON, null)),
                10 * SECOND, seed);
        ArrivalStream s = plan.stream();
        List<Long> out = new ArrayList<>();
        int i = 0;
        while (s.advance()) {
            out.add(s.timeNanos() * 31 + s.group() * 7 + s.client() * 3 + s.attempt());
            if (i++ % 3 == 0) {
                s.retryCurrent(Decision.rejected(1, 1, 1));
            }
        }
        return out;
    }
}
