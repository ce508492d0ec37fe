package io.ratelab.sim;

/**
 * Per-group, per-second counters of one limiter run: plain arrays indexed {@code [group][second]}, written by the
 * single simulation thread. {@code offered} counts first attempts, {@code retries} resends (sent = both);
 * {@code admitted}, {@code rejected} and {@code errors} count answers (2xx, 429, 5xx) in the second of the send.
 */
final class Series {

    final long[][] offered;
    final long[][] admitted;
    final long[][] rejected;
    final long[][] errors;
    final long[][] delayed;
    final long[][] retries;
    private final int seconds;

    Series(int groups, int seconds) {
        this.seconds = seconds;
        offered = new long[groups][seconds];
        admitted = new long[groups][seconds];
        rejected = new long[groups][seconds];
        errors = new long[groups][seconds];
        delayed = new long[groups][seconds];
        retries = new long[groups][seconds];
    }

    LimiterResult.PerSecond group(int g) {
        return new LimiterResult.PerSecond(offered[g].clone(), admitted[g].clone(), rejected[g].clone(),
                errors[g].clone(), delayed[g].clone(), retries[g].clone());
    }

    LimiterResult.PerSecond total() {
        return new LimiterResult.PerSecond(sum(offered), sum(admitted), sum(rejected), sum(errors), sum(delayed),
                sum(retries));
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
