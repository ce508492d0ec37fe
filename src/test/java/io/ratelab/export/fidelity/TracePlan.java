package io.ratelab.export.fidelity;

import io.ratelab.limit.LimitAlgorithm;
import io.ratelab.limit.LimiterSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A deterministic trace whose decisions are robust to clock skew: Poisson sends per key from a fixed seed, then
 * every send whose decision (under the engine model, given the decisions before it) would change if it came
 * {@code marginNanos} earlier or later is moved 1 ms later until it would not. The engines read a cached
 * millisecond clock and the network adds tens of microseconds, so a send that is robust by a few milliseconds gets
 * the same decision from the engine as from the model at its measured send time.
 */
final class TracePlan {

    private static final long MS = 1_000_000L;
    private static final int MAX_MOVES = 200;

    /** One planned send: which key, at what offset from the start of the replay. */
    record Send(int key, long atNanos) {
    }

    private TracePlan() {
    }

    /** Poisson sends, {@code perKeyRate} per second for each of {@code keys} keys over {@code durationNanos}. */
    static List<Send> poisson(long seed, int keys, double perKeyRate, long durationNanos, long minGapNanos) {
        Random random = new Random(seed);
        List<Send> sends = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            long t = (long) (random.nextDouble() * 1e9 / perKeyRate);
            while (t < durationNanos) {
                sends.add(new Send(k, t));
                t += Math.max(minGapNanos, (long) (-Math.log(1 - random.nextDouble()) * 1e9 / perKeyRate));
            }
        }
        sends.sort(Comparator.comparingLong(Send::atNanos));
        return sends;
    }

    /** The sends moved so that each decision holds within {@code marginNanos} either way (see the class comment). */
    static List<Send> robust(List<Send> planned, LimiterSpec engine, int keys, long marginNanos) {
        LimitAlgorithm algo = engine.build();
        long[][] state = new long[keys][];
        long[] lastAt = new long[keys];
        PriorityQueue<long[]> queue = new PriorityQueue<>(Comparator.<long[]>comparingLong(s -> s[1])
                .thenComparingLong(s -> s[0]));
        for (Send s : planned) {
            queue.add(new long[]{s.key(), s.atNanos(), 0});
        }
        List<Send> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            long[] s = queue.poll();
            int k = (int) s[0];
            long t = s[1];
            if (state[k] == null) {
                state[k] = new long[algo.stateSlots()];
                algo.initialize(state[k], 0, t);
                lastAt[k] = t;
            }
            boolean now = decide(algo, state[k], t);
            boolean early = decide(algo, state[k], Math.max(lastAt[k], t - marginNanos));
            boolean late = decide(algo, state[k], t + marginNanos);
            if ((now != early || now != late) && s[2] < MAX_MOVES) {
                queue.add(new long[]{k, t + MS, s[2] + 1});
                continue;
            }
            algo.acquire(state[k], 0, t, 1);
            lastAt[k] = t;
            out.add(new Send(k, t));
        }
        return out;
    }

    private static boolean decide(LimitAlgorithm algo, long[] state, long t) {
        long[] copy = Arrays.copyOf(state, state.length);
        return algo.acquire(copy, 0, t, 1).allowed();
    }
}
