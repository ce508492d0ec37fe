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

    @Test
    void theBuilderSetsEachValueByName() {
        LimiterSpec built = LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).name("api").rate(TEN).burst(5).delay(2)
                .build();
        assertEquals(new LimiterSpec("api", Algorithm.NGINX_LIMIT_REQ, TEN, 5L, null, null, null, 2L, null, null,
                null), built);
        LimiterSpec envoy = LimiterSpec.builder(Algorithm.ENVOY_LOCAL).rate(TEN).burst(3L)
                .fillInterval(Duration.ofMillis(100)).legacyTimer(true).build();
        assertEquals(new LimiterSpec(null, Algorithm.ENVOY_LOCAL, TEN, 3L, null, null, null, null,
                Duration.ofMillis(100), true, null), envoy);
        assertEquals(new LimiterSpec(null, Algorithm.FIXED_WINDOW, TEN, null, Duration.ofSeconds(2), null, null, null,
                null, null, null), LimiterSpec.builder(Algorithm.FIXED_WINDOW).rate(TEN).window(Duration.ofSeconds(2))
                .build());
        assertEquals(new LimiterSpec(null, Algorithm.CONCURRENCY, null, null, null, null, null, null, null, null, 7L),
                LimiterSpec.builder(Algorithm.CONCURRENCY).concurrency(7).build());
    }

    @Test
    void nodelayIsOnExplicitlyOffOrAbsent() {
        LimiterSpec.Builder nginx = LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).rate(TEN);
        assertEquals(Boolean.TRUE, nginx.nodelay().build().nodelay());
        assertEquals(Boolean.FALSE, nginx.nodelay(false).build().nodelay());
        assertEquals(null, nginx.nodelay(null).build().nodelay());
    }

    @Test
    void theBuilderValidatesAsTheConstructorDoes() {
        assertEquals("window", refused(() -> LimiterSpec.builder(Algorithm.TOKEN_BUCKET).rate(TEN).burst(5)
                .window(Duration.ofSeconds(1)).build()).field());
        assertEquals("delay", refused(() -> LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).rate(TEN).nodelay()
                .delay(1).build()).field());
        assertEquals("algorithm", refused(() -> LimiterSpec.builder(null).rate(TEN).build()).field());
    }

    @Test
    void aCopyChangesOnlyWhatItSets() {
        LimiterSpec spec = new LimiterSpec("edge", Algorithm.ENVOY_LOCAL, TEN, 3L, null, null, null, null,
                Duration.ofMillis(100), false, null);
        assertEquals(spec, spec.toBuilder().build());
        assertEquals(new LimiterSpec("edge", Algorithm.ENVOY_LOCAL, TEN, 9L, null, null, null, null,
                Duration.ofMillis(100), false, null), spec.toBuilder().burst(9).build());
        assertEquals(new LimiterSpec("core", Algorithm.ENVOY_LOCAL, TEN, 3L, null, null, null, null,
                Duration.ofMillis(100), false, null), spec.withName("core"));
    }

    @Test
    void theEngineFactoriesSayWhatTheySet() {
        assertEquals(new LimiterSpec(null, Algorithm.HAPROXY_REQ_RATE, new Rate(40, Duration.ofSeconds(10)), null,
                        null, Duration.ofSeconds(10), null, null, null, null, null),
                LimiterSpec.haproxyReqRate(40, Duration.ofSeconds(10)));
        assertEquals(new LimiterSpec(null, Algorithm.ENVOY_LOCAL, TEN, 5L, null, null, null, null,
                Duration.ofMillis(50), null, null), LimiterSpec.envoyLocal(TEN, 5, Duration.ofMillis(50)));
    }
}
