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

    /**
     * nginx {@code limit_req}: between admissions at milliseconds {@code m1 <= m2} (nanos floored to ms) at most
     * {@code extra + floor(milliRate·(m2 - m1) / 10^6)} permits, the leak in milli-requests over those whole
     * milliseconds ({@code extra} is the burst plus the free first request).
     */
    static AdmissionBound millisecondLeak(long milliRatePerSecond, long extra) {
        return pairwise("at most " + extra + " + " + milliRatePerSecond + " milli-requests/s x whole ms", (a, b) ->
                extra + Math.multiplyExact(ms(b) - ms(a), milliRatePerSecond) / 1_000_000);
    }

    /**
     * HAProxy's freq_ctr: every counted period (anchored at its first event, periods never overlap) admits at most
     * {@code limit}, and admissions at milliseconds {@code m1 <= m2} touch at most
     * {@code floor((m2 - m1 + P - 1) / P) + 1} such periods of {@code P = periodMs}.
     */
    static AdmissionBound anchoredPeriods(long periodMs, long limit) {
        return pairwise("at most " + limit + " per anchored period of " + periodMs + " ms", (a, b) ->
                limit * ((ms(b) - ms(a) + periodMs - 1) / periodMs + 1));
    }

    /**
     * A bucket refilled by {@code perFill} tokens at each multiple of {@code fillNanos} (Envoy's legacy timer): at
     * most {@code capacity + perFill·(fills in (a, b])} permits between admissions at {@code a <= b}.
     */
    static AdmissionBound steppedRefill(long fillNanos, long perFill, long capacity) {
        return pairwise("at most " + capacity + " + " + perFill + " per fill boundary of " + fillNanos + " ns",
                (a, b) -> capacity + perFill * (Math.floorDiv(b, fillNanos) - Math.floorDiv(a, fillNanos)));
    }

    private static long ms(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }

    private static AdmissionBound pairwise(String description, java.util.function.LongBinaryOperator boundOf) {
        return new AdmissionBound() {
            @Override
            public void check(List<Long> t) {
                for (int i = 0; i < t.size(); i++) {
                    for (int j = i; j < t.size(); j++) {
                        long bound = boundOf.applyAsLong(t.get(i), t.get(j));
                        if (j - i + 1 > bound) {
                            throw new AssertionError((j - i + 1) + " permits admitted from " + t.get(i) + " to "
                                    + t.get(j) + " ns, bound " + bound + " (" + this + ")");
                        }
                    }
                }
            }

            @Override
            public String toString() {
                return description;
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
