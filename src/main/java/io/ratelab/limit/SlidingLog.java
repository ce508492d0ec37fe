package io.ratelab.limit;

/**
 * Sliding window log: the exact limit of {@code L} permits in any window of length {@code W}, by remembering when
 * each admitted permit was taken (the {@code limits} library's "moving window").
 *
 * <p>{@code W} is the spec's {@code window}, or the rate's own period; {@code L} is the rate over {@code W}. A permit
 * taken at {@code t} counts at {@code now} while {@code now - t < W}. State is a ring of the last {@code L} admission
 * times, newest last, after two longs: the next write position and how many times are stored
 * ({@code stateSlots = L + 2}, so {@code L} is capped at {@link LimiterSpec#MAX_SLIDING_LOG_LIMIT}). With
 * {@code n} the permits still counting at {@code now} and {@code t_j} the {@code j}-th newest time:
 * <ul>
 *   <li>a request of {@code k} permits is admitted iff {@code n + k <= L}, i.e. {@code t_(L-k+1)} has left the
 *       window; then {@code k} copies of {@code now} are logged. Rejections are not logged;</li>
 *   <li>remaining = {@code L - n} after the decision;</li>
 *   <li>retry-after (rejected) = {@code t_(L-k+1) + W - now}, when that entry leaves the window;</li>
 *   <li>reset-after = {@code t_1 + W - now}, when the newest leaves, or 0 when none counts.</li>
 * </ul>
 * Any half-open interval of length {@code W} holds at most {@code L} admitted permits. Times are logged as
 * {@code max(now, t_1)}, so the ring stays sorted even when callers' clock reads arrive slightly out of order (which
 * errs on the strict side) and {@code n} is found by binary search. A request of more than {@code L} permits is
 * never admitted (retry-after {@link Decision#NEVER_NANOS}).
 */
final class SlidingLog implements LimitAlgorithm {

    private static final int NEXT_WRITE = 0;
    private static final int STORED = 1;
    private static final int RING = 2;

    private final long windowNanos;
    private final int limit;
    private final Policy policy;

    SlidingLog(LimiterSpec spec) {
        long perWindow = WindowLimit.of(spec);
        if (perWindow > LimiterSpec.MAX_SLIDING_LOG_LIMIT) {
            throw new SpecException("rate", "sliding-log keeps one timestamp per request, so it allows at most "
                    + LimiterSpec.MAX_SLIDING_LOG_LIMIT + " requests per window, got " + perWindow
                    + "; use sliding-window for larger limits");
        }
        this.windowNanos = spec.windowOrRatePeriod().toNanos();
        this.limit = (int) perWindow;
        this.policy = Policy.perWindow(limit, windowNanos);
    }

    @Override
    public Algorithm type() {
        return Algorithm.SLIDING_LOG;
    }

    @Override
    public int stateSlots() {
        return limit + RING;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset + NEXT_WRITE] = 0;
        state[offset + STORED] = 0;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        int counting = countingAt(state, offset, nowNanos);
        if (permits > limit) {
            return Decision.rejected(limit, Decision.NEVER_NANOS, resetAfter(state, offset, nowNanos, counting));
        }
        if (counting + permits > limit) {
            long leaves = newest(state, offset, limit - permits + 1) + windowNanos - nowNanos;
            return Decision.rejected(limit, leaves, resetAfter(state, offset, nowNanos, counting));
        }
        log(state, offset, nowNanos, permits);
        return Decision.allowed(limit, limit - counting - permits, resetAfter(state, offset, nowNanos, 1));
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return countingAt(state, offset, nowNanos) == 0;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /** How many logged permits still count at {@code nowNanos}: the newest ones, found by binary search. */
    private int countingAt(long[] state, int offset, long nowNanos) {
        int low = 0;
        int high = (int) state[offset + STORED];
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (nowNanos - newest(state, offset, mid) < windowNanos) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private long resetAfter(long[] state, int offset, long nowNanos, int counting) {
        return counting == 0 ? 0 : newest(state, offset, 1) + windowNanos - nowNanos;
    }

    /** The {@code j}-th newest logged time, {@code 1 <= j <= stored}. */
    private long newest(long[] state, int offset, int j) {
        int position = Math.floorMod((int) state[offset + NEXT_WRITE] - j, limit);
        return state[offset + RING + position];
    }

    private void log(long[] state, int offset, long nowNanos, int permits) {
        int stored = (int) state[offset + STORED];
        long time = stored == 0 ? nowNanos : Math.max(nowNanos, newest(state, offset, 1));
        int position = (int) state[offset + NEXT_WRITE];
        for (int i = 0; i < permits; i++) {
            state[offset + RING + position] = time;
            position = position + 1 == limit ? 0 : position + 1;
        }
        state[offset + NEXT_WRITE] = position;
        state[offset + STORED] = Math.min(limit, stored + permits);
    }

    @Override
    public String toString() {
        return "sliding-log(limit=" + limit + ", windowNanos=" + windowNanos + ")";
    }
}
