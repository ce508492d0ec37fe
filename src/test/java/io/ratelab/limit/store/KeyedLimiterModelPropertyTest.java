package io.ratelab.limit.store;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The table against a reference model, a {@code HashMap<String, long[]>} driving the same algorithm, for random
 * sequences of acquires and releases over a few keys in one segment, so probe runs collide, shift and grow. With room for every key, every decision must be identical, and
 * forgetting expired keys (idle expiry 0 or 50 ms) must not change any decision either.
 */
class KeyedLimiterModelPropertyTest {

    record Op(int key, boolean release, int permits, long advanceNanos) {
    }

    @Property(tries = 300, seed = "20240607")
    void tokenBucketDecidesAsTheModel(@ForAll("ops") List<Op> ops, @ForAll("expiries") long idleExpiryNanos) {
        LimitAlgorithm algorithm = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("100/s"), 10L).build();
        check(algorithm, ops, idleExpiryNanos);
    }

    @Property(tries = 300, seed = "20240607")
    void inFlightLimitDecidesAsTheModel(@ForAll("ops") List<Op> ops, @ForAll("expiries") long idleExpiryNanos) {
        check(new InFlightLimit(3), ops, idleExpiryNanos);
    }

    private static void check(LimitAlgorithm algorithm, List<Op> ops, long idleExpiryNanos) {
        KeyedLimiter table = KeyedLimiter.builder(algorithm).maxKeys(1000).idleExpiryNanos(idleExpiryNanos).build();
        Map<String, long[]> model = new HashMap<>();
        long now = 0;
        for (Op op : ops) {
            now += op.advanceNanos();
            String key = "user:" + op.key();
            if (op.release()) {
                table.release(key, now);
                long[] state = model.get(key);
                if (state != null) {
                    algorithm.release(state, 0, now, 1);
                }
            } else {
                Decision expected = decideInModel(algorithm, model, key, now, op.permits());
                assertEquals(expected, table.acquire(key, now, op.permits()), key + " at " + now);
            }
        }
        if (idleExpiryNanos == Long.MAX_VALUE) {
            assertEquals(model.size(), table.size(), "without expiry the table holds every key seen");
        }
    }

    private static Decision decideInModel(LimitAlgorithm algorithm, Map<String, long[]> model, String key, long now,
                                          int permits) {
        long[] state = model.computeIfAbsent(key, k -> {
            long[] fresh = new long[algorithm.stateSlots()];
            algorithm.initialize(fresh, 0, now);
            return fresh;
        });
        return algorithm.acquire(state, 0, now, permits);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 3).map(n -> n == 0),
                Arbitraries.integers().between(1, 3),
                Arbitraries.longs().between(0, 30_000_000L)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(400);
    }

    @Provide
    Arbitrary<Long> expiries() {
        return Arbitraries.of(0L, 50_000_000L, Long.MAX_VALUE);
    }
}
