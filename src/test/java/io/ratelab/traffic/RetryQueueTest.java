package io.ratelab.traffic;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The primitive heap against a sort: by time, ties in scheduling order; packing round-trips. */
class RetryQueueTest {

    @Test
    void drainsInTimeThenSchedulingOrderAgainstAReferenceQueue() {
        SplittableRandom random = new SplittableRandom(3);
        RetryQueue q = new RetryQueue();
        PriorityQueue<long[]> model = new PriorityQueue<>(
                Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        for (int i = 0; i < 20_000; i++) {
            long t = random.nextLong(300);
            q.add(t, i);
            model.add(new long[]{t, i});
            if (random.nextInt(3) == 0) {
                expectHead(model.poll(), q);
            }
        }
        while (!model.isEmpty()) {
            expectHead(model.poll(), q);
        }
        assertTrue(q.isEmpty());
    }

    private static void expectHead(long[] expected, RetryQueue q) {
        assertEquals(expected[0], q.peekTime());
        assertEquals(expected[1], q.peekPayload(), "ties leave in scheduling order");
        q.removeFirst();
    }

    @Test
    void packingRoundTrips() {
        long p = RetryQueue.pack(9999, 2_000_000_000, 99);
        assertEquals(9999, RetryQueue.group(p));
        assertEquals(2_000_000_000, RetryQueue.client(p));
        assertEquals(99, RetryQueue.attempt(p));
    }
}
