package io.ratelab.limit;

import java.math.BigInteger;

/**
 * Sliding window counter: the current window's count plus the previous window's, weighted by how much of the
 * previous window a sliding window ending now still overlaps (the {@code limits} library's
 * "sliding-window-counter", ENGINES.md §4; Cloudflare's approximation).
 *
 * <p>Windows are aligned to multiples of {@code W} from time 0 of the caller's clock; {@code W} is the spec's
 * {@code window}, or the rate's own period, and {@code L} the rate over {@code W}. State is three longs: the index of
 * the current window, its count {@code c} and the previous window's count {@code p} (rolled forward when time reaches
 * a later window; two windows on, both are 0). With {@code e} the time elapsed in the current window:
 * <ul>
 *   <li>estimate {@code E(e) = floor(p·(W-e)/W) + c};</li>
 *   <li>a request of {@code k} permits is rejected iff {@code E(e) + k > L}; admitted, it adds {@code k} to
 *       {@code c}. Rejections are not counted;</li>
 *   <li>remaining = {@code L - E(e)} after the decision;</li>
 *   <li>retry-after (rejected) = the first later time at which {@code E + k <= L} with no new arrivals: within this
 *       window if the weight decays enough, else in the next window (where {@code c} becomes the previous count),
 *       else at the start of the one after;</li>
 *   <li>reset-after = the first time at which {@code E = 0} and no current count remains.</li>
 * </ul>
 * {@code E} never increases with {@code e}, so both times are found by binary search over one window. Each aligned
 * window admits at most {@code L}; an unaligned span of one window length may admit up to about {@code 2L} when the
 * previous window's requests all came at its very end. Example (ENGINES.md §4): 100 per minute, 40 in the previous
 * minute, 80 so far: 30 s in, {@code 20 + 80 = 100} rejects; 40 s in, {@code 13 + 80 = 93} admits. A request of
 * more than {@code L} permits is never admitted (retry-after {@link Decision#NEVER_NANOS}).
 */
final class SlidingWindowCounter implements LimitAlgorithm {

    private static final int WINDOW_INDEX = 0;
    private static final int CURRENT = 1;
    private static final int PREVIOUS = 2;

    private final long windowNanos;
    private final long limit;
    private final Policy policy;

    SlidingWindowCounter(LimiterSpec spec) {
        this.windowNanos = spec.windowOrRatePeriod().toNanos();
        this.limit = WindowLimit.of(spec);
        this.policy = Policy.perWindow(limit, windowNanos);
    }

    @Override
    public Algorithm type() {
        return Algorithm.SLIDING_WINDOW;
    }

    @Override
    public int stateSlots() {
        return 3;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset + WINDOW_INDEX] = Math.floorDiv(nowNanos, windowNanos);
        state[offset + CURRENT] = 0;
        state[offset + PREVIOUS] = 0;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        View v = view(state, offset, nowNanos);
        long estimate = weighted(v.previous, v.elapsed) + v.current;
        if (permits > limit) {
            return Decision.rejected(limit, Decision.NEVER_NANOS, resetAfter(v.previous, v.current, v.elapsed));
        }
        if (estimate + permits > limit) {
            return Decision.rejected(limit, retryAfter(v, permits), resetAfter(v.previous, v.current, v.elapsed));
        }
        long current = v.current + permits;
        state[offset + WINDOW_INDEX] = v.window;
        state[offset + CURRENT] = current;
        state[offset + PREVIOUS] = v.previous;
        return Decision.allowed(limit, limit - estimate - permits, resetAfter(v.previous, current, v.elapsed));
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        View v = view(state, offset, nowNanos);
        return v.current == 0 && weighted(v.previous, v.elapsed) == 0;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /** The counts as of {@code nowNanos}'s window. A clock read behind the state's window counts as its start. */
    private View view(long[] state, int offset, long nowNanos) {
        long window = Math.floorDiv(nowNanos, windowNanos);
        long stored = state[offset + WINDOW_INDEX];
        long current = state[offset + CURRENT];
        if (window <= stored) {
            long elapsed = window == stored ? Math.floorMod(nowNanos, windowNanos) : 0;
            return new View(stored, elapsed, current, state[offset + PREVIOUS]);
        }
        long previous = window == stored + 1 ? current : 0;
        return new View(window, Math.floorMod(nowNanos, windowNanos), 0, previous);
    }

    private long retryAfter(View v, int permits) {
        long untilNext = windowNanos - v.elapsed;
        if (v.current + permits <= limit) {
            long fits = earliestElapsed(v.previous, limit - permits - v.current, v.elapsed);
            if (fits >= 0) {
                return fits - v.elapsed;
            }
        }
        long fitsNext = earliestElapsed(v.current, limit - permits, 0);
        return fitsNext >= 0 ? untilNext + fitsNext : untilNext + windowNanos;
    }

    private long resetAfter(long previous, long current, long elapsed) {
        long untilNext = windowNanos - elapsed;
        if (current == 0) {
            long clear = earliestElapsed(previous, 0, elapsed);
            return clear >= 0 ? clear - elapsed : untilNext;
        }
        long clearNext = earliestElapsed(current, 0, 0);
        return clearNext >= 0 ? untilNext + clearNext : untilNext + windowNanos;
    }

    /**
     * The smallest elapsed time in {@code [from, W)} at which {@code floor(count·(W-e)/W) <= budget}, or -1 if none
     * in this window. The weighted count never increases with {@code e}, so a binary search finds it.
     */
    private long earliestElapsed(long count, long budget, long from) {
        if (weighted(count, windowNanos - 1) > budget) {
            return -1;
        }
        long low = from;
        long high = windowNanos - 1;
        while (low < high) {
            long mid = low + (high - low) / 2;
            if (weighted(count, mid) <= budget) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** {@code floor(count·(W-elapsed)/W)}, exact even where the product overflows a long. */
    private long weighted(long count, long elapsed) {
        long overlap = windowNanos - elapsed;
        long high = Math.multiplyHigh(count, overlap);
        long product = count * overlap;
        if (high == 0 && product >= 0) {
            return product / windowNanos;
        }
        return BigInteger.valueOf(count).multiply(BigInteger.valueOf(overlap))
                .divide(BigInteger.valueOf(windowNanos)).longValueExact();
    }

    /** One key's counts as seen from a given time. */
    private record View(long window, long elapsed, long current, long previous) {
    }

    @Override
    public String toString() {
        return "sliding-window(limit=" + limit + ", windowNanos=" + windowNanos + ")";
    }
}
