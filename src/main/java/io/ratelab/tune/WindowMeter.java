package io.ratelab.tune;

import java.math.BigInteger;

/**
 * The window algorithms' {@link BurstMeter}s: for a window {@code W}, the exact smallest limit {@code N} per window
 * with which the core's algorithm admits every send of one key, in one pass over the key's sorted send times.
 *
 * <p>Why one pass suffices, as for the buckets: while every send is admitted, the state (counts, or the log of
 * admitted times) does not depend on {@code N}, and a send is admitted iff the state's count at it plus one is at
 * most {@code N}; so the least {@code N} is the largest such count plus one, and any smaller {@code N} rejects the
 * first send where that count is reached (the state being the same up to there). Counts, per send {@code j} at
 * {@code t_j}:
 * <ul>
 *   <li>fixed window (windows {@code [n·W, (n+1)·W)} of the clock, as {@code FixedWindow} aligns them): the sends
 *       in {@code t_j}'s window up to and including {@code j}. The least {@code N} is the most sends in one aligned
 *       window;</li>
 *   <li>sliding log: the sends {@code i <= j} with {@code t_j - t_i < W} (a logged time counts while
 *       {@code now - t < W}), i.e. the most sends in any half-open span of length {@code W}, found with two
 *       pointers;</li>
 *   <li>sliding window counter (ENGINES.md §4): with {@code c} the earlier sends in {@code t_j}'s aligned window,
 *       {@code p} the sends in the window before and {@code e = t_j mod W}, the estimate
 *       {@code floor(p·(W-e)/W) + c} plus one; the least {@code N} is its maximum.</li>
 * </ul>
 * Each returns at least 1 for a key with sends (a limit of 0 admits nothing), 0 for none.
 */
final class WindowMeter {

    private WindowMeter() {
    }

    /** The fixed-window counter over windows of {@code windowNanos}. */
    static BurstMeter fixedWindow(long windowNanos) {
        return (t, from, to) -> {
            long max = 0;
            long window = Long.MIN_VALUE;
            long count = 0;
            for (int j = from; j < to; j++) {
                long w = Math.floorDiv(t[j], windowNanos);
                count = w == window ? count + 1 : 1;
                window = w;
                max = Math.max(max, count);
            }
            return max;
        };
    }

    /** The sliding log over windows of {@code windowNanos}. */
    static BurstMeter slidingLog(long windowNanos) {
        return (t, from, to) -> {
            long max = 0;
            int oldest = from;
            for (int j = from; j < to; j++) {
                while (t[j] - t[oldest] >= windowNanos) {
                    oldest++;
                }
                max = Math.max(max, j - oldest + 1);
            }
            return max;
        };
    }

    /** The sliding window counter over windows of {@code windowNanos}. */
    static BurstMeter slidingWindow(long windowNanos) {
        return (t, from, to) -> {
            long max = 0;
            long window = Long.MIN_VALUE;
            long current = 0;
            long previous = 0;
            for (int j = from; j < to; j++) {
                long w = Math.floorDiv(t[j], windowNanos);
                if (w != window) {
                    previous = w == window + 1 ? current : 0;
                    current = 0;
                    window = w;
                }
                long estimate = weighted(previous, windowNanos - Math.floorMod(t[j], windowNanos), windowNanos)
                        + current;
                max = Math.max(max, estimate + 1);
                current++;
            }
            return max;
        };
    }

    /** {@code floor(count·overlap/window)}, exact where the product overflows a long. */
    private static long weighted(long count, long overlap, long window) {
        long high = Math.multiplyHigh(count, overlap);
        long product = count * overlap;
        if (high == 0 && product >= 0) {
            return product / window;
        }
        return BigInteger.valueOf(count).multiply(BigInteger.valueOf(overlap)).divide(BigInteger.valueOf(window))
                .longValueExact();
    }
}
