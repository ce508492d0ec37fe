package io.ratelab.traffic.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Puts a trace's requests in time order and gives whole-second stamps a time within their second, in bounded memory.
 *
 * <p><b>Reordering.</b> Requests wait in a min-heap ordered by (time, line order) until no later line can come
 * before them: a request at {@code t} leaves once a line stamped after {@code t + window} has been read (or the file
 * ends). Lines up to {@code window} behind the latest stamp seen therefore take their place in time; they are counted
 * as {@link #reordered()}. A line further behind — earlier than a request already handed out — is placed at the time
 * of the last request handed out (so the output never goes backwards and no request is lost) and reported in
 * {@link #late()}. The heap also never holds more than {@code maxBuffered} requests: past that the earliest leaves
 * regardless (a trace above {@code maxBuffered / window} requests per second is then reordered over a shorter span;
 * whole-second lines of a second already being handed out are then placed at random in what is left of it, not
 * counted late).
 *
 * <p><b>Spreading.</b> A stamp of one-second resolution ({@code $time_local}, common log, whole epoch seconds) says
 * only which second a request came in. Once that second is complete (a line later than its end + window was read),
 * its {@code n} requests are given the order statistics of {@code n} independent uniform times in the second,
 * assigned in line order (so order within the second is kept). They are drawn in O(n) by exponential spacings: with
 * {@code E₁ … Eₙ₊₁} i.i.d. Exp(1) and {@code Sₖ = E₁ + … + Eₖ}, the vector {@code (S₁/Sₙ₊₁, …, Sₙ/Sₙ₊₁)} is
 * distributed as the sorted sample of {@code n} U(0,1) values; the {@code k}-th request of second {@code s} is at
 * {@code s + ⌊1e9 · Sₖ/Sₙ₊₁⌋} ns. One {@link SplittableRandom} seeded by the caller draws them, seconds in time
 * order, so the same file and seed always give the same times. Finer stamps are used as they are.
 *
 * <p>The times a second's spreading gives are in (time, line order) already, so they wait in a queue of their own
 * rather than going back into the heap (when that queue is empty; otherwise into the heap as before): the next request
 * is the lesser of the heap's head and the queue's, which is the order one heap would give, at a fraction of the cost
 * (a 1M-line combined log spends most of its reordering time on pushing each request into the heap twice).
 *
 * <p>Not thread-safe: one reader.
 */
final class ReorderBuffer {

    private static final long SECOND = TraceRequest.SECOND;

    private final PriorityQueue<Entry> heap = new PriorityQueue<>();
    /** Spread requests of one second, in (time, line order); never coarse. */
    private final ArrayDeque<Entry> spreadOut = new ArrayDeque<>();
    private final long windowNanos;
    private final int maxBuffered;
    private final SplittableRandom random;
    private final LineTally late = new LineTally();
    private final String lateReason;
    private long reordered;
    private long maxDisorder;
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private long lastOut = Long.MIN_VALUE;
    private boolean finished;

    ReorderBuffer(long windowNanos, int maxBuffered, long seed) {
        this(windowNanos, maxBuffered, seed, null);
    }

    /** {@code note}, if not null, is added to the reason each late line is reported with. */
    ReorderBuffer(long windowNanos, int maxBuffered, long seed, String note) {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("reorderWindow: must be 0 or more, got " + windowNanos + "ns");
        }
        this.windowNanos = windowNanos;
        this.maxBuffered = Math.max(1, maxBuffered);
        this.random = new SplittableRandom(seed);
        this.lateReason = "out of order by more than the reorder window (" + TraceReadReport.duration(windowNanos)
                + (note == null ? "" : "; " + note) + "); placed at the time of the request before it";
    }

    /** Adds the next request in file order. */
    void offer(TraceRequest r) {
        long t = r.epochNanos();
        if (t < maxSeen) {
            maxDisorder = Math.max(maxDisorder, maxSeen - t);
        }
        if (t < lastOut && r.resolutionNanos() == SECOND && lastOut - t < SECOND) {
            // its second is being handed out already (more of it than the buffer holds): not late, it takes a time
            // in what is left of that second
            long at = lastOut + (long) (random.nextDouble() * (t + SECOND - lastOut));
            maxSeen = Math.max(maxSeen, at);
            heap.add(new Entry(r.at(at, 0), seq++, false));
            return;
        }
        if (t < lastOut) {
            late.add(r.line(), lateReason);
            r = r.at(lastOut, 0);
        } else if (t < maxSeen) {
            reordered++;
        }
        maxSeen = Math.max(maxSeen, r.epochNanos());
        heap.add(new Entry(r, seq++, r.resolutionNanos() == SECOND));
    }

    /** No more requests will be offered: everything buffered may leave. */
    void finish() {
        finished = true;
    }

    /** The next request in time order if it may leave now, else null (offer more, or {@link #finish()}). */
    TraceRequest poll() {
        while (true) {
            Entry inHeap = heap.peek();
            Entry inQueue = spreadOut.peekFirst();
            if (inHeap == null && inQueue == null) {
                return null;
            }
            boolean fromQueue = inHeap == null || inQueue != null && inQueue.compareTo(inHeap) < 0;
            Entry head = fromQueue ? inQueue : inHeap;
            boolean forced = finished || heap.size() + spreadOut.size() > maxBuffered;
            long horizon = maxSeen - windowNanos;
            if (head.coarse) {
                if (!forced && head.time + SECOND > horizon) {
                    return null;
                }
                spread(head.time);
                continue;
            }
            if (!forced && head.time > horizon) {
                return null;
            }
            if (fromQueue) {
                spreadOut.pollFirst();
            } else {
                heap.poll();
            }
            lastOut = head.time;
            return head.request;
        }
    }

    /** Gives the whole-second requests of second {@code s} their times (see the class doc) and puts them back. */
    private void spread(long s) {
        List<Entry> coarse = new ArrayList<>();
        while (!heap.isEmpty() && heap.peek().time == s && heap.peek().coarse) {
            coarse.add(heap.poll());
        }
        int n = coarse.size();
        double[] sums = new double[n + 1];
        double total = 0;
        for (int k = 0; k <= n; k++) {
            total += random.nextExponential();
            sums[k] = total;
        }
        // in (time, line order) already: the queue keeps them so when it holds nothing else
        boolean queue = spreadOut.isEmpty();
        for (int k = 0; k < n; k++) {
            long offset = Math.min(SECOND - 1, (long) (SECOND * (sums[k] / total)));
            Entry e = coarse.get(k);
            Entry spread = new Entry(e.request.at(s + offset, 0), e.seq, false);
            if (queue) {
                spreadOut.addLast(spread);
            } else {
                heap.add(spread);
            }
        }
    }

    /** Lines that came in after requests later than them had left (see the class doc). */
    LineTally late() {
        return late;
    }

    /** The most any line's stamp lay behind the latest stamp read before it, nanos (0 for a file in order). */
    long maxDisorderNanos() {
        return maxDisorder;
    }

    /** Lines that came in after a later one but within the window, and were put in their place. */
    long reordered() {
        return reordered;
    }

    private static final class Entry implements Comparable<Entry> {
        final TraceRequest request;
        final long time;
        final long seq;
        final boolean coarse;

        Entry(TraceRequest request, long seq, boolean coarse) {
            this.request = request;
            this.time = request.epochNanos();
            this.seq = seq;
            this.coarse = coarse;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
