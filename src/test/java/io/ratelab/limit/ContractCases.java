package io.ratelab.limit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of representative specs the contract suite runs: per algorithm, a spec and what the suite may
 * demand of it. Every {@link Algorithm} has a row; {@link #all()} fails, naming it, for one without a row or whose
 * row does not build, so no algorithm leaves the suite silently. Times in the suite run on the scale of these specs:
 * gaps of 0 to 3 s.
 */
final class ContractCases {

    /** What the suite checks beyond the bound, per algorithm. */
    enum Promise {
        /** Requests of 2 or 3 permits are meaningful. */
        MULTI_PERMIT,
        /** {@code remaining} more single requests are admitted at the same instant, and not one more. */
        REMAINING,
        /** A request at {@code now + retryAfter} is admitted if nothing else arrived. */
        RETRY_AFTER,
        /** ... and one nanosecond earlier it is still rejected: retry-after is the earliest time. */
        RETRY_AFTER_EARLIEST,
        /** At {@code now + resetAfter} the state is idle (a fresh key's), and one nanosecond earlier it is not. */
        RESET_AFTER
    }

    /** Everything a pure time-based algorithm of ours promises. */
    static final Set<Promise> ALL = EnumSet.allOf(Promise.class);

    /**
     * One row.
     *
     * @param spec     the representative spec
     * @param bound    what its admissions never exceed
     * @param promises what else the suite checks
     */
    record Case(LimiterSpec spec, AdmissionBound bound, Set<Promise> promises) {

        boolean promises(Promise p) {
            return promises.contains(p);
        }

        Algorithm algorithm() {
            return spec.algorithm();
        }

        LimitAlgorithm build() {
            return spec.build();
        }

        @Override
        public String toString() {
            return spec.algorithm().id() + " " + spec;
        }
    }

    private static final Map<Algorithm, Case> TABLE = new EnumMap<>(Algorithm.class);
    /** Further rows for an algorithm with modes that keep different promises (Envoy's legacy timer). */
    private static final List<Case> VARIANTS = new ArrayList<>();

    static {
        Rate tenPerSecond = Rate.parse("10/s");
        bucket(Algorithm.TOKEN_BUCKET, tenPerSecond, 5, 0);
        bucket(Algorithm.LEAKY_BUCKET, Rate.parse("7/s"), 4, 0);
        bucket(Algorithm.LEAKY_QUEUE, tenPerSecond, 3, 1);
        bucket(Algorithm.GCRA, tenPerSecond, 3, 1);
        window(Algorithm.FIXED_WINDOW, "10/s", "500ms", AdmissionBound.alignedWindows(500_000_000L, 5));
        window(Algorithm.SLIDING_LOG, "6/s", "1s", AdmissionBound.slidingWindow(1_000_000_000L, 6));
        window(Algorithm.SLIDING_WINDOW, "12/s", "500ms", AdmissionBound.alignedWindows(500_000_000L, 6));
        LimiterSpec concurrency = new LimiterSpec(null, Algorithm.CONCURRENCY, null, null, null, null, null, null,
                null, null, 4L);
        // Time frees no permit of a concurrency limit: retry-after and reset-after are 0 by its documented choice.
        TABLE.put(Algorithm.CONCURRENCY, new Case(concurrency, AdmissionBound.total(4),
                EnumSet.of(Promise.MULTI_PERMIT, Promise.REMAINING)));
        // Engine models: extend or correct these rows when they land (bounds from ENGINES.md §1-§3).
        // Envoy: exact continuous bucket (7 tokens per 1 s fill: fractions of 1/7 token); the legacy timer refills in
        // steps and its reset-after is the next tick, as Envoy's x-ratelimit-reset, not a return to full.
        TABLE.put(Algorithm.ENVOY_LOCAL, new Case(LimiterSpec.of(Algorithm.ENVOY_LOCAL, Rate.parse("7/s"), 3L),
                AdmissionBound.bucket(Rate.parse("7/s"), 3), ALL));
        LimiterSpec legacy = new LimiterSpec(null, Algorithm.ENVOY_LOCAL, Rate.parse("6/s"), 4L, null, null, null,
                null, Durations.parse("500ms"), true, null);
        VARIANTS.add(new Case(legacy, AdmissionBound.steppedRefill(500_000_000L, 3, 4), EnumSet.of(
                Promise.MULTI_PERMIT, Promise.REMAINING, Promise.RETRY_AFTER, Promise.RETRY_AFTER_EARLIEST)));
        // nginx leaks in whole milliseconds, so its bound counts the milliseconds between admissions (ENGINES.md §2).
        TABLE.put(Algorithm.NGINX_LIMIT_REQ, new Case(LimiterSpec.of(Algorithm.NGINX_LIMIT_REQ, Rate.parse("601/m"),
                3L), AdmissionBound.millisecondLeak(601 * 1000 / 60, 3 + 1), ALL));
        // HAProxy: at most N per anchored period, up to 2N across a boundary (ENGINES.md §3).
        LimiterSpec haproxy = new LimiterSpec(null, Algorithm.HAPROXY_REQ_RATE, Rate.parse("6/s"), null, null,
                Durations.parse("1500ms"), null, null, null, null, null);
        TABLE.put(Algorithm.HAPROXY_REQ_RATE, new Case(haproxy, AdmissionBound.anchoredPeriods(1500, 9), ALL));
    }

    private ContractCases() {
    }

    /**
     * The row of every {@link Algorithm}, in its order, each followed by its variants. Fails, naming the algorithm,
     * when one has no row or a row's spec does not build.
     */
    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (Algorithm a : Algorithm.values()) {
            Case c = TABLE.get(a);
            if (c == null) {
                throw new AssertionError(a.id() + " has no row in ContractCases: every algorithm needs one");
            }
            cases.add(c);
            VARIANTS.stream().filter(v -> v.algorithm() == a).forEach(cases::add);
        }
        for (Case c : cases) {
            try {
                c.build();
            } catch (RuntimeException e) {
                throw new AssertionError("the contract row " + c + " does not build: " + e, e);
            }
        }
        return cases;
    }

    private static void bucket(Algorithm a, Rate rate, long burst, long extra) {
        TABLE.put(a, new Case(LimiterSpec.of(a, rate, burst), AdmissionBound.bucket(rate, burst + extra), ALL));
    }

    private static void window(Algorithm a, String rate, String window, AdmissionBound bound) {
        LimiterSpec spec = new LimiterSpec(null, a, Rate.parse(rate), null, Durations.parse(window), null, null, null,
                null, null, null);
        TABLE.put(a, new Case(spec, bound, ALL));
    }
}
