package io.ratelab.limit;

import io.ratelab.limit.ContractCases.Case;
import io.ratelab.limit.ContractCases.Promise;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every algorithm keeps, for arbitrary arrival times (bursts, near-misses, long idle gaps, a clock
 * starting anywhere, negative included): it never admits more than its {@link AdmissionBound}; {@code remaining},
 * retry-after and reset-after are truthful; an idle state behaves exactly like a fresh key; keys sharing one array
 * do not affect each other. Runs over every row of {@link ContractCases}: one per {@link Algorithm}, and variants.
 */
class AlgorithmContractTest {

    /** One request: the time since the previous one and how many permits it asks for. */
    record Arrival(long gapNanos, int permits) {
    }

    @Test
    void everyAlgorithmHasARow() {
        Set<Algorithm> covered = EnumSet.noneOf(Algorithm.class);
        ContractCases.all().forEach(c -> covered.add(c.algorithm()));
        assertEquals(EnumSet.allOf(Algorithm.class), covered);
    }

    @Property(tries = 400, seed = "20250101")
    void neverAdmitsMoreThanItsBound(@ForAll("cases") Case c, @ForAll("arrivals") List<Arrival> arrivals,
                                     @ForAll("starts") long start) {
        LimitAlgorithm algorithm = c.build();
        StateReplay replay = new StateReplay(algorithm, 1);
        replay.initialize(0, start);
        List<Long> admitted = new ArrayList<>();
        long now = start;
        for (Arrival a : arrivals) {
            now += a.gapNanos();
            int permits = permits(c, a);
            Decision d = replay.acquire(0, now, permits);
            assertTrue(d.remaining() <= d.limit(), "remaining above limit: " + d);
            for (int i = 0; d.allowed() && i < permits; i++) {
                admitted.add(now);
            }
        }
        c.bound().check(admitted);
    }

    @Property(tries = 400, seed = "20250102")
    void remainingRetryAfterAndResetAfterAreTruthful(@ForAll("cases") Case c,
                                                      @ForAll("arrivals") List<Arrival> arrivals,
                                                      @ForAll("starts") long start) {
        LimitAlgorithm algorithm = c.build();
        StateReplay replay = new StateReplay(algorithm, 1);
        replay.initialize(0, start);
        long now = start;
        for (Arrival a : arrivals) {
            now += a.gapNanos();
            int permits = permits(c, a);
            Decision d = replay.acquire(0, now, permits);
            long[] after = replay.snapshot(0);
            String where = c + " at " + (now - start) + " ns after start: " + d;
            // A rejected decision always says remaining 0; for a multi-permit rejection that is about its own size.
            if (c.promises(Promise.REMAINING) && (d.allowed() || permits == 1)) {
                checkRemaining(algorithm, after, now, d, where);
            }
            if (!d.allowed() && c.promises(Promise.RETRY_AFTER)) {
                checkRetryAfter(c, algorithm, after, now, permits, d, where);
            }
            if (c.promises(Promise.RESET_AFTER)) {
                StateReplay probe = StateReplay.of(algorithm, after);
                assertTrue(probe.isIdle(0, now + d.resetAfterNanos()), "not reset at reset-after: " + where);
                if (d.resetAfterNanos() > 0) {
                    assertFalse(probe.isIdle(0, now + d.resetAfterNanos() - 1), "reset before reset-after: " + where);
                }
            }
        }
    }

    @Property(tries = 300, seed = "20250103")
    void anIdleStateBehavesLikeAFreshKey(@ForAll("cases") Case c, @ForAll("arrivals") List<Arrival> arrivals,
                                         @ForAll("starts") long start) {
        LimitAlgorithm algorithm = c.build();
        StateReplay replay = new StateReplay(algorithm, 1);
        replay.initialize(0, start);
        long[] times = arrivalTimes(arrivals, start);
        for (int i = 0; i < arrivals.size(); i++) {
            if (replay.isIdle(0, times[i])) {
                StateReplay continued = StateReplay.of(algorithm, replay.snapshot(0));
                StateReplay fresh = new StateReplay(algorithm, 1);
                fresh.initialize(0, times[i]);
                for (int j = i; j < Math.min(arrivals.size(), i + 12); j++) {
                    int permits = permits(c, arrivals.get(j));
                    assertEquals(fresh.acquire(0, times[j], permits), continued.acquire(0, times[j], permits),
                            c + ": idle at arrival " + i + " but unlike a fresh key at arrival " + j);
                }
            }
            replay.acquire(0, times[i], permits(c, arrivals.get(i)));
        }
    }

    @Property(tries = 200, seed = "20250104")
    void keysSharingOneArrayAreIsolated(@ForAll("cases") Case c, @ForAll("arrivals") List<Arrival> arrivals,
                                        @ForAll("starts") long start) {
        LimitAlgorithm algorithm = c.build();
        StateReplay shared = new StateReplay(algorithm, 2);
        StateReplay[] alone = {new StateReplay(algorithm, 1), new StateReplay(algorithm, 1)};
        boolean[] seen = new boolean[2];
        long[] times = arrivalTimes(arrivals, start);
        for (int i = 0; i < arrivals.size(); i++) {
            int key = Long.bitCount(arrivals.get(i).gapNanos()) % 2;
            if (!seen[key]) {
                shared.initialize(key, times[i]);
                alone[key].initialize(0, times[i]);
                seen[key] = true;
            }
            int permits = permits(c, arrivals.get(i));
            assertEquals(alone[key].acquire(0, times[i], permits), shared.acquire(key, times[i], permits),
                    c + ": key " + key + " at arrival " + i);
        }
    }

    private static void checkRemaining(LimitAlgorithm algorithm, long[] after, long now, Decision d, String where) {
        StateReplay probe = StateReplay.of(algorithm, after);
        for (long i = 0; i < d.remaining(); i++) {
            assertTrue(probe.acquire(0, now, 1).allowed(), "remaining promised " + d.remaining()
                    + " but request " + (i + 1) + " was rejected: " + where);
        }
        assertFalse(probe.acquire(0, now, 1).allowed(), "one more than remaining was admitted: " + where);
    }

    private static void checkRetryAfter(Case c, LimitAlgorithm algorithm, long[] after, long now, int permits,
                                        Decision d, String where) {
        if (d.retryAfterNanos() == Decision.NEVER_NANOS) {
            return;
        }
        Decision retried = StateReplay.of(algorithm, after).acquire(0, now + d.retryAfterNanos(), permits);
        assertTrue(retried.allowed(), "rejected again at retry-after: " + where + " then " + retried);
        if (c.promises(Promise.RETRY_AFTER_EARLIEST)) {
            assertTrue(d.retryAfterNanos() > 0, "a rejection with retry-after 0: " + where);
            Decision early = StateReplay.of(algorithm, after).acquire(0, now + d.retryAfterNanos() - 1, permits);
            assertFalse(early.allowed(), "admitted 1 ns before retry-after: " + where);
        }
    }

    private static int permits(Case c, Arrival a) {
        return c.promises(Promise.MULTI_PERMIT) ? a.permits() : 1;
    }

    private static long[] arrivalTimes(List<Arrival> arrivals, long start) {
        long[] times = new long[arrivals.size()];
        long now = start;
        for (int i = 0; i < times.length; i++) {
            now += arrivals.get(i).gapNanos();
            times[i] = now;
        }
        return times;
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(ContractCases.all());
    }

    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(3, Arbitraries.longs().between(0, 50_000_000L)),
                Tuple.of(2, Arbitraries.longs().between(0, 400_000_000L)),
                Tuple.of(1, Arbitraries.longs().between(0, 3_000_000_000L)));
        Arbitrary<Integer> permits = Arbitraries.frequency(Tuple.of(8, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        return Combinators.combine(gaps, permits).as(Arrival::new).list().ofMinSize(1).ofMaxSize(120);
    }

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(-1_000_000_000_000_000L,
                1_000_000_000_000_000L));
    }
}
