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

    /** {@code seconds} steps of {@code stepSeconds} each. */
    Series(int groups, int seconds, long stepSeconds) {
        this.seconds = seconds;
        this.stepSeconds = stepSeconds;
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
