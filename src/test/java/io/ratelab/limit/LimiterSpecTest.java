package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimiterSpecTest {

    private static final Rate TEN = Rate.parse("10/s");

    private static SpecException refused(Runnable build) {
        return assertThrows(SpecException.class, build::run);
    }

    @Test
    void aParameterTheAlgorithmDoesNotTakeIsNamedWithWhatItTakes() {
        SpecException e = refused(() -> new LimiterSpec(null, Algorithm.TOKEN_BUCKET, TEN, 5L, Duration.ofSeconds(1),
                null, null, null, null, null, null));
        assertEquals("window", e.field());
        assertEquals("window: does not apply to token-bucket; it takes rate (required), burst (required)",
                e.getMessage());
    }

    @Test
    void aMissingRequiredParameterIsNamed() {
        SpecException e = refused(() -> LimiterSpec.of(Algorithm.TOKEN_BUCKET, TEN, null));
        assertEquals("burst", e.field());
        assertEquals("burst: is required for token-bucket", e.getMessage());
        assertEquals("concurrency", refused(() -> new LimiterSpec(null, Algorithm.CONCURRENCY, null, null, null, null,
                null, null, null, null, null)).field());
        assertEquals("algorithm", refused(() -> LimiterSpec.of(null, TEN, 1L)).field());
    }

    @Test
    void outOfRangeValuesAreNamedWithTheValue() {
        SpecException burst = refused(() -> LimiterSpec.of(Algorithm.GCRA, TEN, -1L));
        assertEquals("burst: must be 0 or more, got -1", burst.getMessage());
        assertEquals("window", refused(() -> new LimiterSpec(null, Algorithm.FIXED_WINDOW, TEN, null, Duration.ZERO,
                null, null, null, null, null, null)).field());
        assertEquals("concurrency", refused(() -> new LimiterSpec(null, Algorithm.CONCURRENCY, null, null, null, null,
                null, null, null, null, 0L)).field());
    }

    @Test
    void intervalBucketsRefuseANegativeOrOverflowingBurstOnTheBurstField() {
        Rate slow = Rate.parse("1/h");
        assertEquals("burst: max_burst cannot be negative, got -1", refused(() -> new Gcra(TEN, -1)).getMessage());
        assertEquals("burst: a queue length cannot be negative, got -2",
                refused(() -> new LeakyBucketQueue(TEN, -2)).getMessage());
        assertEquals("burst: " + (Long.MAX_VALUE / 2) + " is too large at " + slow,
                refused(() -> new Gcra(slow, Long.MAX_VALUE / 2)).getMessage());
        assertEquals("burst: " + (Long.MAX_VALUE / 2) + " is too long a queue at " + slow,
                refused(() -> new LeakyBucketQueue(slow, Long.MAX_VALUE / 2)).getMessage());
        assertEquals(5, new LeakyBucketQueue(TEN, 4).policy().quota(), "burst + 1: the queue and the one in service");
    }

    @Test
    void nodelayAndDelayExcludeEachOther() {
        SpecException e = refused(() -> new LimiterSpec(null, Algorithm.NGINX_LIMIT_REQ, TEN, 5L, null, null, true,
                2L, null, null, null));
        assertEquals("delay", e.field());
        assertTrue(e.getMessage().contains("nodelay"), e.getMessage());
    }

    @Test
    void comparesByValueAndDefaultsTheName() {
        LimiterSpec a = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 5L);
        LimiterSpec b = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 5L);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("token-bucket", a.name());
        assertNotEquals(a, a.withName("api"));
        assertEquals("api", a.withName("api").name());
        assertEquals(a.build().policy(), b.build().policy());
    }

    @Test
    void everyCoreAlgorithmBuildsFromItsSpecAndSaysWhatItIs() {
        for (ContractCases.Case c : ContractCases.all()) {
            LimitAlgorithm built = c.build();
            assertEquals(c.algorithm(), built.type());
            assertTrue(built.stateSlots() >= 1, c.toString());
        }
    }
}
