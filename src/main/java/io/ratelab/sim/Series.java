package io.ratelab.sim;

/**
 * Per-group counters of one limiter run per step of virtual time: plain arrays indexed {@code [group][step]}, written
 * by the single simulation thread. The step is one second unless the run is longer than {@value #MAX_POINTS} seconds
 * (a day): then it is the shortest of {@link #STEPS} that keeps the series within {@value #MAX_POINTS} points, so a
 * month-long trace keeps chartable series in bounded memory. {@code offered} counts first attempts, {@code retries}
 * resends (sent = both); {@code admitted}, {@code rejected} and {@code errors} count answers (2xx, 429, 5xx) in the
 * step of the send.
 */
final class Series {

    /** The most steps a series holds. */
    static final int MAX_POINTS = 86_400;
    /** The steps used for long runs, seconds. */
    static final int[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400};

    final long[][] offered;
    final long[][] admitted;
    final long[][] rejected;
    final long[][] errors;
    final long[][] delayed;
    final long[][] retries;
    private final int seconds;
    private final long stepSeconds;
    /** The chart's totals of all groups ({@link LimiterResult.Timeline}): offered, admitted, rejected, errors. */
    private final long plotStepNanos;
    private final long[][] plot;

    /** {@code seconds} steps of {@code stepSeconds} each; the plot's steps cover {@code durationNanos}. */
    Series(int groups, int seconds, long stepSeconds, long durationNanos) {
        this.seconds = seconds;
        this.stepSeconds = stepSeconds;
        this.plotStepNanos = plotStepNanos(durationNanos);
        int plotSteps = (int) Math.max(1, (durationNanos + plotStepNanos - 1) / plotStepNanos);
        this.plot = new long[4][plotSteps];
        offered = new long[groups][seconds];
        admitted = new long[groups][seconds];
        rejected = new long[groups][seconds];
        errors = new long[groups][seconds];
        delayed = new long[groups][seconds];
        retries = new long[groups][seconds];
    }

    /** The step of a run of {@code durationNanos}: 1 s up to a day, then the shortest of {@link #STEPS} that fits. */
    static long stepSeconds(long durationNanos) {
        long secs = (durationNanos + 999_999_999L) / 1_000_000_000L;
        for (int step : STEPS) {
            if ((secs + step - 1) / step <= MAX_POINTS) {
                return step;
            }
        }
        return (secs + MAX_POINTS - 1) / MAX_POINTS;
    }

    /** The shorter plot steps, longest first, nanoseconds: 500 ms down to 10 ms. */
    private static final long[] PLOT_STEPS_NANOS = {500_000_000L, 200_000_000L, 100_000_000L, 50_000_000L,
            20_000_000L, 10_000_000L};
    /** The fewest points a chart of a run gets while its step can still shrink. */
    static final int MIN_PLOT_POINTS = 100;

    /**
     * The chart's step for a run of {@code durationNanos}: the series' own step when that gives at least
     * {@value #MIN_PLOT_POINTS} points, else the longest of 500, 200, 100, 50, 20 and 10 ms that does (10 ms for a run
     * under a second).
     */
    static long plotStepNanos(long durationNanos) {
        long step = stepSeconds(durationNanos) * 1_000_000_000L;
        if (durationNanos / step >= MIN_PLOT_POINTS) {
            return step;
        }
        for (long s : PLOT_STEPS_NANOS) {
            if (durationNanos / s >= MIN_PLOT_POINTS) {
                return s;
            }
        }
        return PLOT_STEPS_NANOS[PLOT_STEPS_NANOS.length - 1];
    }

    static final int PLOT_OFFERED = 0;
    static final int PLOT_ADMITTED = 1;
    static final int PLOT_REJECTED = 2;
    static final int PLOT_ERRORS = 3;

    /** Adds {@code delta} to one of the plot's counts ({@code PLOT_*}) in the step of {@code atNanos}. */
    void plot(int kind, long atNanos, int delta) {
        long[] row = plot[kind];
        row[(int) Math.min(atNanos / plotStepNanos, row.length - 1)] += delta;
    }

    LimiterResult.Timeline timeline() {
        return new LimiterResult.Timeline(plotStepNanos, plot[PLOT_OFFERED].clone(), plot[PLOT_ADMITTED].clone(),
                plot[PLOT_REJECTED].clone(), plot[PLOT_ERRORS].clone());
    }

    /** How many steps of {@code stepSeconds} cover {@code durationNanos}. */
    static int steps(long durationNanos, long stepSeconds) {
        long stepNanos = stepSeconds * 1_000_000_000L;
        return (int) ((durationNanos + stepNanos - 1) / stepNanos);
    }

    LimiterResult.PerSecond group(int g) {
        return new LimiterResult.PerSecond(offered[g].clone(), admitted[g].clone(), rejected[g].clone(),
                errors[g].clone(), delayed[g].clone(), retries[g].clone(), stepSeconds);
    }

    LimiterResult.PerSecond total() {
        return new LimiterResult.PerSecond(sum(offered), sum(admitted), sum(rejected), sum(errors), sum(delayed),
                sum(retries), stepSeconds);
    }

    private long[] sum(long[][] perGroup) {
        long[] out = new long[seconds];
        for (long[] row : perGroup) {
            for (int i = 0; i < seconds; i++) {
                out[i] += row[i];
            }
        }
        return out;
    }

    static long total(long[] xs) {
        long s = 0;
        for (long x : xs) {
            s += x;
        }
        return s;
    }
}
