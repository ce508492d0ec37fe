package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static io.ratelab.limit.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    @Test
    void startsFullThenRefillsContinuouslyKeepingFractions() {
        SingleKeyLimiter bucket = limiter(Algorithm.TOKEN_BUCKET, "10/s", 5L, null);
        for (int i = 4; i >= 0; i--) {
            assertEquals(Decision.allowed(5, i, (5 - i) * 100 * MS), bucket.acquire(0, 1));
        }
        assertEquals(Decision.rejected(5, 100 * MS, 500 * MS), bucket.acquire(0, 1));
        // 250 ms later: 2.5 tokens; two pass and the half token is kept.
        assertTrue(bucket.acquire(250 * MS, 1).allowed());
        assertTrue(bucket.acquire(250 * MS, 1).allowed());
        Decision third = bucket.acquire(250 * MS, 1);
        assertFalse(third.allowed());
        assertEquals(50 * MS, third.retryAfterNanos());
        assertTrue(bucket.acquire(300 * MS, 1).allowed());
    }

    @Test
    void aRequestLargerThanTheBucketIsNeverAdmitted() {
        SingleKeyLimiter bucket = limiter(Algorithm.TOKEN_BUCKET, "10/s", 5L, null);
        assertEquals(Decision.NEVER_NANOS, bucket.acquire(0, 6).retryAfterNanos());
        assertEquals(Decision.allowed(5, 0, 500 * MS), bucket.acquire(0, 5));
    }

    @Test
    void policyIsTheBurstOverTheTimeToRefillRoundedUp() {
        assertEquals(Policy.requests(5, 1), spec(Algorithm.TOKEN_BUCKET, "10/s", 5L, null).build().policy());
        assertEquals(Policy.requests(30, 18), spec(Algorithm.TOKEN_BUCKET, "100/m", 30L, null).build().policy());
        assertEquals(Policy.requests(25, 3), spec(Algorithm.TOKEN_BUCKET, "10/s", 25L, null).build().policy());
    }

    @Test
    void burstBelowOneIsRefused() {
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> spec(Algorithm.TOKEN_BUCKET, "10/s", 0L, null).build());
        assertEquals("burst", e.field());
        assertEquals(SECOND, Rate.parse("1/s").intervalNanos());
    }
}
