package io.ratelab.limit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an algorithm promises about how many permits it admits over time, checked against the admission times of one
 * run (one entry per admitted permit, in arrival order). A failed check throws {@link AssertionError} naming the span
 * that held too many.
 */
interface AdmissionBound {

    void check(List<Long> admittedNanos);

    /**
     * The bucket family: over any closed span {@code [a, b]}, at most {@code extra + floor((b - a)·rate)} permits
     * ({@code extra} is the burst, plus one for GCRA's and nginx's extra request).
     */
    static AdmissionBound bucket(Rate rate, long extra) {
        return new AdmissionBound() {
            @Override
            public void check(List<Long> t) {
                for (int i = 0; i < t.size(); i++) {
                    for (int j = i; j < t.size(); j++) {
                        long span = t.get(j) - t.get(i);
                        long bound = extra + Math.multiplyExact(span, rate.count()) / rate.periodNanos();
                        if (j - i + 1 > bound) {
                            throw new AssertionError((j - i + 1) + " permits admitted within " + span + " ns, bound "
                                    + bound + " (" + this + ")");
                        }
                    }
                }
            }

            @Override
            public String toString() {
                return "at most " + extra + " + rate " + rate + " x span";
            }
        };
    }

    /** The sliding log: at most {@code limit} permits in any half-open span of {@code windowNanos}. */
    static AdmissionBound slidingWindow(long windowNanos, long limit) {
        return t -> {
            int first = 0;
            for (int last = 0; last < t.size(); last++) {
                while (t.get(last) - t.get(first) >= windowNanos) {
                    first++;
                }
                if (last - first + 1 > limit) {
                    throw new AssertionError((last - first + 1) + " permits within one window of " + windowNanos
                            + " ns ending at " + t.get(last) + ", limit " + limit);
                }
            }
        };
    }

    /** Fixed and sliding window counters: at most {@code limit} permits in each window {@code [n·W, (n+1)·W)}. */
    static AdmissionBound alignedWindows(long windowNanos, long limit) {
        return t -> {
            Map<Long, Integer> perWindow = new HashMap<>();
            for (long time : t) {
                int count = perWindow.merge(Math.floorDiv(time, windowNanos), 1, Integer::sum);
                if (count > limit) {
                    throw new AssertionError(count + " permits in the window holding " + time + ", limit " + limit);
                }
            }
        };
    }

    /** A concurrency limit that never sees a release: at most {@code limit} permits in total. */
    static AdmissionBound total(long limit) {
        return t -> {
            if (t.size() > limit) {
                throw new AssertionError(t.size() + " permits admitted without a release, limit " + limit);
            }
        };
    }
}
