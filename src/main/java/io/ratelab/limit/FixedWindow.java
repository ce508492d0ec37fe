package io.ratelab.limit;

/**
 * Fixed window counter: at most {@code L} permits per window of length {@code W}, windows aligned to multiples of
 * {@code W} from time 0 of the caller's clock ({@code [n·W, (n+1)·W)}).
 *
 * <p>{@code W} is the spec's {@code window}, or the rate's own period; {@code L} is the rate over {@code W}
 * ({@code 600/m} over {@code 10s} is 100). State is two longs: the index {@code n = floor(t/W)} of the window last
 * counted in and its count {@code c}. At {@code now}, in window {@code m = floor(now/W)}: {@code c' = c} if
 * {@code m = n}, else 0.
 * <ul>
 *   <li>a request of {@code k} permits is admitted iff {@code c' + k <= L}; then {@code c = c' + k, n = m}.
 *       Rejections are not counted;</li>
 *   <li>remaining = {@code L - c'} after the decision;</li>
 *   <li>retry-after (rejected) = {@code (m+1)·W - now}, the start of the next window;</li>
 *   <li>reset-after = {@code (m+1)·W - now} when {@code c' > 0}, else 0.</li>
 * </ul>
 * Every aligned window admits at most {@code L}; an unaligned span of one window length may admit {@code 2L}, half
 * at the end of one window and half at the start of the next. A request of more than {@code L} permits is never
 * admitted (retry-after {@link Decision#NEVER_NANOS}).
 */
final class FixedWindow implements LimitAlgorithm {

    private static final int WINDOW_INDEX = 0;
    private static final int COUNT = 1;

    private final long windowNanos;
    private final long limit;
    private final Policy policy;

    FixedWindow(LimiterSpec spec) {
        this.windowNanos = spec.windowOrRatePeriod().toNanos();
        this.limit = WindowLimit.of(spec);
        this.policy = Policy.perWindow(limit, windowNanos);
    }

    @Override
    public Algorithm type() {
        return Algorithm.FIXED_WINDOW;
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset + WINDOW_INDEX] = Math.floorDiv(nowNanos, windowNanos);
        state[offset + COUNT] = 0;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long window = Math.floorDiv(nowNanos, windowNanos);
        long count = countIn(state, offset, window);
        long untilNextWindow = windowNanos - Math.floorMod(nowNanos, windowNanos);
        if (permits > limit) {
            return Decision.rejected(limit, Decision.NEVER_NANOS, count == 0 ? 0 : untilNextWindow);
        }
        if (count + permits > limit) {
            return Decision.rejected(limit, untilNextWindow, untilNextWindow);
        }
        count += permits;
        state[offset + WINDOW_INDEX] = Math.max(window, state[offset + WINDOW_INDEX]);
        state[offset + COUNT] = count;
        return Decision.allowed(limit, limit - count, untilNextWindow);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        return countIn(state, offset, Math.floorDiv(nowNanos, windowNanos)) == 0;
    }

    @Override
    public Policy policy() {
        return policy;
    }

    /**
     * The count of {@code window}. A state from a later window (a caller's clock read slightly behind another
     * thread's) keeps its count, which errs on the strict side.
     */
    private static long countIn(long[] state, int offset, long window) {
        return window <= state[offset + WINDOW_INDEX] ? state[offset + COUNT] : 0;
    }

    @Override
    public String toString() {
        return "fixed-window(limit=" + limit + ", windowNanos=" + windowNanos + ")";
    }
}
