package io.ratelab.tune;

import io.ratelab.limit.Rate;

import java.time.Duration;

/**
 * The exact smallest burst with which a limiter of a given rate admits every send of one key, in one linear pass
 * over the key's send times: the bucket recurrence of Tang and Tai (INFOCOM 1999), the arrival-curve bound of Le
 * Boudec and Thiran (<i>Network Calculus</i>, ch. 1), written in each algorithm's own arithmetic so that the answer
 * equals what the limiter core decides, not an approximation of it.
 *
 * <p>Why one pass suffices: as long as every send is admitted, each algorithm's state evolves independently of its
 * burst (the burst only decides whether a send is rejected), so the largest "debt" the state reaches is the
 * smallest burst that never rejects. The debts, per send {@code j} at {@code t_j}, {@code Δ_j = t_j - t_{j-1}}:
 * <ul>
 *   <li>token bucket, GCRA (interval {@code I} = the rate's {@code intervalNanos}):
 *       {@code D_j = max(0, D_{j-1} - Δ_j) + I}; burst {@code ceil(max D / I)} (GCRA: that minus 1, its limit being
 *       {@code burst + 1});</li>
 *   <li>leaky-bucket meter ({@code c} per {@code P} ns) and Envoy's continuous bucket ({@code tokens_per_fill} per
 *       {@code fill_interval}, both divided by their gcd): level {@code L_j = max(0, L_{j-1} - Δ_j·c) + P};
 *       burst {@code ceil(max L / P)};</li>
 *   <li>nginx {@code limit_req} (milli-requests {@code r}, millisecond clock, first send free):
 *       {@code e_j = max(0, e_{j-1} - r·ms_j/1000 + 1000)}, {@code e_1 = 0}; rejected when {@code e > 1000·burst},
 *       so burst {@code ceil(max e / 1000)};</li>
 *   <li>HAProxy {@code http_req_rate(P)}: the period counter counts every send; the threshold {@code N} is the
 *       largest reading ({@code gt N} denies).</li>
 * </ul>
 * Implementations are immutable and thread-safe.
 */
public interface BurstMeter {

    /** The least burst admitting every send at {@code times[from..to)} (sorted); 0 for no send. */
    long minBurst(long[] times, int from, int to);

    /** A token bucket at {@code rate}. */
    static BurstMeter tokenBucket(Rate rate) {
        long interval = rate.intervalNanos();
        return (t, from, to) -> from == to ? 0 : Math.max(1, ceilDiv(maxDebt(t, from, to, interval), interval));
    }

    /** GCRA at {@code rate}: its {@code max_burst}. */
    static BurstMeter gcra(Rate rate) {
        long interval = rate.intervalNanos();
        return (t, from, to) -> from == to ? 0 : ceilDiv(maxDebt(t, from, to, interval), interval) - 1;
    }

    /** The leaky-bucket meter at {@code rate}. */
    static BurstMeter leakyBucket(Rate rate) {
        return leveled(rate.count(), rate.periodNanos());
    }

    /** Envoy's continuous bucket at {@code rate} with {@code fill_interval} {@code fillInterval}: its max_tokens. */
    static BurstMeter envoy(Rate rate, Duration fillInterval) {
        long perFill = rate.countOver(fillInterval);
        long perNanos = fillInterval.toNanos();
        long g = gcd(perFill, perNanos);
        return leveled(perFill / g, perNanos / g);
    }

    /** nginx {@code limit_req} at {@code milliPerSecond} ({@code rate=} in nginx's integer milli-requests). */
    static BurstMeter nginx(long milliPerSecond) {
        return (t, from, to) -> {
            if (from == to) {
                return 0;
            }
            long last = Math.floorDiv(t[from], 1_000_000L);
            long excess = 0;
            long max = 0;
            for (int j = from + 1; j < to; j++) {
                long now = Math.floorDiv(t[j], 1_000_000L);
                long ms = Math.max(0, now - last);
                long leak = ms > Long.MAX_VALUE / milliPerSecond ? Long.MAX_VALUE / 2 : milliPerSecond * ms / 1000;
                excess = Math.max(0, excess - leak + 1000);
                last = now;
                max = Math.max(max, excess);
            }
            return ceilDiv(max, 1000);
        };
    }

    /** HAProxy {@code http_req_rate(periodMs)}: the least {@code N} of {@code sc_http_req_rate(0) gt N}. */
    static BurstMeter haproxy(long periodMs) {
        return (t, from, to) -> {
            long tick = Long.MIN_VALUE;
            long prev = 0;
            long curr = 0;
            long max = 0;
            for (int j = from; j < to; j++) {
                long now = Math.floorDiv(t[j], 1_000_000L);
                if (tick == Long.MIN_VALUE) {
                    tick = now & ~1L;
                    prev = 0;
                    curr = 1;
                } else if (now - tick >= 0 && now - tick < periodMs) {
                    curr++;
                } else {
                    long rotated = tick + periodMs;
                    long since = now - rotated;
                    if (since < 0 || since >= periodMs) {
                        tick = now & ~1L;
                        prev = 0;
                    } else {
                        tick = rotated & ~1L;
                        prev = curr;
                    }
                    curr = 1;
                }
                long remain = tick + periodMs - now;
                long past = prev;
                long cur = curr;
                if (remain < 0) {
                    remain += periodMs;
                    past = remain >= 0 ? cur : 0;
                    cur = 0;
                }
                long reading = cur == 0 && past <= 1 ? past : (past * remain + cur * periodMs) / periodMs;
                max = Math.max(max, reading);
            }
            return max;
        };
    }

    /** {@code max D} of {@code D_j = max(0, D_{j-1} - Δ_j) + interval}. */
    private static long maxDebt(long[] t, int from, int to, long interval) {
        long debt = interval;
        long max = debt;
        for (int j = from + 1; j < to; j++) {
            long gap = t[j] - t[j - 1];
            debt = (gap >= debt ? 0 : debt - gap) + interval;
            if (debt > max) {
                max = debt;
            }
        }
        return max;
    }

    /** Burst of a level leaking {@code perNano} units a nanosecond, a send adding {@code unit}. */
    private static BurstMeter leveled(long perNano, long unit) {
        return (t, from, to) -> {
            if (from == to) {
                return 0;
            }
            long level = unit;
            long max = level;
            for (int j = from + 1; j < to; j++) {
                long gap = t[j] - t[j - 1];
                level = (gap >= ceilDiv(level, perNano) ? 0 : level - gap * perNano) + unit;
                if (level > max) {
                    max = level;
                }
            }
            return Math.max(1, ceilDiv(max, unit));
        };
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
