package io.ratelab.load;

/**
 * What the generator's connections did during a run (warm-up included): how many it opened, how many idle ones it
 * closed to stay within its bound on open connections, and the most it held open at once.
 *
 * @param bound      the bound on connections open at once ({@link ConnectionBound})
 * @param opened     connections opened (connects started, failed ones included)
 * @param closedIdle idle connections closed to make room for another client's (least recently used first)
 * @param peakOpen   the most connections open or opening at once (per IO thread, summed: never below the true peak)
 */
public record ConnectionStats(int bound, long opened, long closedIdle, int peakOpen) {

    /** No connections at all (a run that never started its engine). */
    public static final ConnectionStats NONE = new ConnectionStats(0, 0, 0, 0);
}
