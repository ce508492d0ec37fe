package io.ratelab.limit;

import org.junit.jupiter.api.Test;

import static io.ratelab.limit.Specs.MS;
import static io.ratelab.limit.Specs.SECOND;
import static io.ratelab.limit.Specs.limiter;
import static io.ratelab.limit.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakyBucketQueueTest {

    @Test
    void delaysGrowByOneIntervalAndAFullQueueRejects() {
        SingleKeyLimiter queue = limiter(Algorithm.LEAKY_QUEUE, "10/s", 3L, null);
        assertEquals(Decision.delayed(4, 3, 100 * MS, 0), queue.acquire(0, 1));
        assertEquals(Decision.delayed(4, 2, 200 * MS, 100 * MS), queue.acquire(0, 1));
        assertEquals(Decision.delayed(4, 1, 300 * MS, 200 * MS), queue.acquire(0, 1));
        assertEquals(Decision.delayed(4, 0, 400 * MS, 300 * MS), queue.acquire(0, 1));
        assertEquals(Decision.rejected(4, 100 * MS, 400 * MS), queue.acquire(0, 1));
        assertFalse(queue.acquire(100 * MS - 1, 1).allowed());
        // A slot freed: the newcomer waits behind the three still queued.
        assertEquals(Decision.delayed(4, 0, 400 * MS, 300 * MS), queue.acquire(100 * MS, 1));
    }

    @Test
    void departuresKeepTheRateWhateverTheArrivals() {
        SingleKeyLimiter queue = limiter(Algorithm.LEAKY_QUEUE, "10/s", 5L, null);
        long lastDeparture = -SECOND;
        for (long now = 0; now < 2 * SECOND; now += 7 * MS) {
            Decision d = queue.acquire(now, 1);
            if (d.allowed()) {
                long departure = now + d.delayNanos();
                assertTrue(departure - lastDeparture >= 100 * MS, "departures 100 ms apart at least, at " + now);
                lastDeparture = departure;
            }
        }
    }

    @Test
    void noQueueMeansOnePerInterval() {
        SingleKeyLimiter queue = limiter(Algorithm.LEAKY_QUEUE, "10/s", 0L, null);
        assertEquals(Decision.delayed(1, 0, 100 * MS, 0), queue.acquire(0, 1));
        assertEquals(Decision.rejected(1, 60 * MS, 60 * MS), queue.acquire(40 * MS, 1));
        assertTrue(queue.acquire(100 * MS, 1).allowed());
        assertEquals(Policy.requests(4, 1), spec(Algorithm.LEAKY_QUEUE, "10/s", 3L, null).build().policy());
    }
}
