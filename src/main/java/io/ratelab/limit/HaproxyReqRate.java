package io.ratelab.limit;

import java.time.Duration;

/**
 * HAProxy {@code http_req_rate(<period>)} checked by {@code http-request deny if { sc_http_req_rate(0) gt N }}:
 * a freq_ctr period counter per stick-table entry, on HAProxy's millisecond clock. The equivalent configuration is
 * {@code stick-table type ip size 1m expire <period> store http_req_rate(<period>)},
 * {@code http-request track-sc0 <key>} and {@code http-request deny deny_status 429 if { sc_http_req_rate(0) gt N }}
 * with {@code N = rate x period} ({@code period} defaults to 1 s and must be whole milliseconds; {@code N} must be
 * whole).
 *
 * <p>Read from haproxy/haproxy at commit 50872daa (2026-08): {@code src/freq_ctr.c}
 * ({@code update_freq_ctr_period_slow}, {@code _freq_ctr_total_from_values}), {@code include/haproxy/freq_ctr.h}
 * ({@code update_freq_ctr_period}, {@code read_freq_ctr_period}, {@code next_event_delay_period}),
 * {@code src/http_act.c} ({@code http_action_track_sc}), {@code src/stick_table.c} ({@code __stksess_init},
 * {@code smp_fetch_http_req_rate}). State {@code (tick, prev, curr)}, period {@code P} ms,
 * {@code now = floor(nowNanos / 10^6)}:
 * <ul>
 *   <li><b>count</b> (track-sc, before any deny rule runs, so denied requests count too): if
 *       {@code 0 <= now - tick < P}, {@code curr += 1}; otherwise rotate: {@code prev = curr, curr = 1,
 *       tick += P}, and if still {@code now - tick >= P} (two periods or more missed, or a clock gone back)
 *       {@code prev = 0, tick = now}; a rotated tick is stored with its low bit cleared (HAProxy uses it as a lock).
 *       A new entry is zero-filled; its first event re-anchors: {@code prev = 0, curr = 1, tick = now & ~1};</li>
 *   <li><b>read</b>: {@code remain = tick + P - now}; if {@code remain < 0} (a period began, not yet rotated):
 *       {@code remain += P, past = remain >= 0 ? curr : 0, curr = 0}. Flapping correction: if {@code curr == 0}
 *       and {@code past <= 1}, the rate is {@code past}. Otherwise
 *       {@code rate = floor((past·remain + curr·P) / P)}: the current count plus the previous period's weighted by
 *       the part of it the sliding period still covers;</li>
 *   <li><b>decide</b>: deny iff {@code rate > N} ({@code gt}).</li>
 * </ul>
 * Each counted period admits at most {@code N}, since the rate read is at least {@code curr}; but a period's count
 * is weighed against the previous one only as the remaining overlap, so up to {@code 2N} can pass within less than
 * {@code P} across a period boundary. A client that keeps sending stays denied, its denials feeding the count.
 * Decision fields: limit {@code N}; remaining {@code N - rate} more in the same millisecond; retry-after the first
 * later millisecond at which a request (counted first) reads {@code <= N}, found by simulating the counter forward
 * (it only falls as time passes); reset-after the time until {@code now >= tick + 2P}, when the next event
 * re-anchors the counter exactly as a new entry's. A request of {@code k} permits adds {@code k} (HAProxy's
 * {@code inc}).
 *
 * <p>Deliberate differences: HAProxy's {@code now_ms} is 32 bits and wraps every 49.7 days (first 20 s after
 * boot); the model counts 64-bit milliseconds, which only differs for an entry idle across a wrap (stick-table
 * {@code expire} removes such entries first) and for an entry created within {@code 2P} after a wrap, whose
 * zero-filled tick then anchors it at 0 or {@code P} instead of {@code now}. Thread-safety: immutable; the caller
 * serialises access to a key's slots.
 */
final class HaproxyReqRate implements LimitAlgorithm {

    /** {@code tick} of an entry that has counted nothing yet. */
    private static final long NEW_ENTRY = Long.MIN_VALUE;
    private static final long NANOS_PER_MS = 1_000_000L;
    private static final long UINT_MASK = 0xFFFF_FFFFL;
    private static final int TICK = 0;
    private static final int COUNTS = 1;

    private final long periodMs;
    private final long threshold;
    private final Policy policy;

    HaproxyReqRate(LimiterSpec spec) {
        Duration period = spec.period() != null ? spec.period() : Duration.ofSeconds(1);
        long nanos = period.toNanos();
        if (nanos % NANOS_PER_MS != 0 || nanos / NANOS_PER_MS > Integer.MAX_VALUE) {
            throw new SpecException("period", "HAProxy counts whole milliseconds up to 24 days, got "
                    + Durations.format(period));
        }
        this.periodMs = nanos / NANOS_PER_MS;
        try {
            this.threshold = spec.rate().countOver(period);
        } catch (IllegalArgumentException e) {
            throw new SpecException("period", "the threshold rate x period must be a whole number of requests: "
                    + e.getMessage());
        }
        if (threshold > UINT_MASK) {
            throw new SpecException("rate", "rate x period " + threshold + " is beyond HAProxy's 32-bit counter");
        }
        this.policy = Policy.perWindow(threshold, nanos);
    }

    @Override
    public Algorithm type() {
        return Algorithm.HAPROXY_REQ_RATE;
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    public void initialize(long[] state, int offset, long nowNanos) {
        state[offset + TICK] = NEW_ENTRY;
        state[offset + COUNTS] = 0;
    }

    @Override
    public Decision acquire(long[] state, int offset, long nowNanos, int permits) {
        long now = Math.floorDiv(nowNanos, NANOS_PER_MS);
        FreqCtr ctr = new FreqCtr(state[offset + TICK], state[offset + COUNTS]).counted(now, permits, periodMs);
        state[offset + TICK] = ctr.tick;
        state[offset + COUNTS] = ctr.counts;
        long rate = ctr.read(now, periodMs);
        long reset = Math.max(0, (ctr.tick + 2 * periodMs) * NANOS_PER_MS - nowNanos);
        if (rate > threshold) {
            return Decision.rejected(threshold, retryAfter(ctr, now, nowNanos, permits), reset);
        }
        return Decision.allowed(threshold, threshold - rate, reset);
    }

    @Override
    public boolean isIdle(long[] state, int offset, long nowNanos) {
        long tick = state[offset + TICK];
        return tick == NEW_ENTRY || reanchors(Math.floorDiv(nowNanos, NANOS_PER_MS), tick, periodMs);
    }

    /**
     * What {@code sc_http_req_rate} reads at {@code nowNanos} without counting a request (a fetch in another rule,
     * the stats page): {@code read_freq_ctr_period}, flapping correction included. 0 for a new entry.
     */
    long currentRate(long[] state, int offset, long nowNanos) {
        long tick = state[offset + TICK];
        return tick == NEW_ENTRY ? 0
                : new FreqCtr(tick, state[offset + COUNTS]).read(Math.floorDiv(nowNanos, NANOS_PER_MS), periodMs);
    }

    @Override
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "haproxy-req-rate(http_req_rate(" + periodMs + "ms), deny if sc_http_req_rate gt " + threshold + ")";
    }

    /**
     * The first millisecond after {@code now} at which {@code permits} more events would read {@code <= N}. The
     * reading falls monotonically with time, and from {@code tick + 2P} on it is just {@code permits}, so a binary
     * search over {@code (now, tick + 2P]} finds it.
     */
    private long retryAfter(FreqCtr ctr, long now, long nowNanos, int permits) {
        if (permits > threshold) {
            return Decision.NEVER_NANOS;
        }
        long lo = now;
        long hi = Math.max(now + 1, ctr.tick + 2 * periodMs);
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (ctr.counted(mid, permits, periodMs).read(mid, periodMs) <= threshold) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi * NANOS_PER_MS - nowNanos;
    }

    /**
     * True when an event at {@code now}, and at any later time, re-anchors the counter ({@code prev = 0,
     * tick = now}) as a new entry's first event does.
     */
    private static boolean reanchors(long now, long tick, long periodMs) {
        return now - tick >= 2 * periodMs;
    }

    /** One freq_ctr: {@code tick} in ms, {@code prev} and {@code curr} as unsigned 32-bit halves of {@code counts}. */
    private record FreqCtr(long tick, long counts) {

        long prev() {
            return counts >>> 32;
        }

        long curr() {
            return counts & UINT_MASK;
        }

        /** The counter after {@code inc} events at {@code now} (update_freq_ctr_period). */
        FreqCtr counted(long now, long inc, long periodMs) {
            if (tick == NEW_ENTRY) {
                return of(now & ~1L, 0, inc);
            }
            long elapsed = now - tick;
            if (elapsed >= 0 && elapsed < periodMs) {
                return of(tick, prev(), curr() + inc);
            }
            long rotated = tick + periodMs;
            long sinceRotated = now - rotated;
            if (sinceRotated < 0 || sinceRotated >= periodMs) {
                return of(now & ~1L, 0, inc);
            }
            return of(rotated & ~1L, curr(), inc);
        }

        /** read_freq_ctr_period: the weighted count, flapping correction included. */
        long read(long now, long periodMs) {
            long remain = tick + periodMs - now;
            long past = prev();
            long cur = curr();
            if (remain < 0) {
                remain += periodMs;
                past = remain >= 0 ? cur : 0;
                cur = 0;
            }
            if (cur == 0 && past <= 1) {
                return past;
            }
            return (past * remain + cur * periodMs) / periodMs;
        }

        private static FreqCtr of(long tick, long prev, long curr) {
            return new FreqCtr(tick, (prev & UINT_MASK) << 32 | (curr & UINT_MASK));
        }
    }
}
