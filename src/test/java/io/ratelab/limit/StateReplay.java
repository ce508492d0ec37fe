package io.ratelab.limit;

import java.util.Arrays;

/**
 * One or more keys' state in a single {@code long[]}, each behind a guard slot, the way a store lays them out: the
 * contract suite drives algorithms through it and fails if an algorithm writes outside its own slots.
 */
final class StateReplay {

    private static final long GUARD = 0x5A5A_A5A5_5A5A_A5A5L;

    private final LimitAlgorithm algorithm;
    private final long[] array;
    private final int keys;

    StateReplay(LimitAlgorithm algorithm, int keys) {
        this.algorithm = algorithm;
        this.keys = keys;
        this.array = new long[1 + keys * (algorithm.stateSlots() + 1)];
        Arrays.fill(array, GUARD);
    }

    /** A replay holding a copy of one key's {@code snapshot}. */
    static StateReplay of(LimitAlgorithm algorithm, long[] snapshot) {
        StateReplay r = new StateReplay(algorithm, 1);
        System.arraycopy(snapshot, 0, r.array, r.offset(0), snapshot.length);
        return r;
    }

    int offset(int key) {
        return 1 + key * (algorithm.stateSlots() + 1);
    }

    void initialize(int key, long nowNanos) {
        algorithm.initialize(array, offset(key), nowNanos);
        checkGuards();
    }

    Decision acquire(int key, long nowNanos, int permits) {
        Decision d = algorithm.acquire(array, offset(key), nowNanos, permits);
        checkGuards();
        return d;
    }

    boolean isIdle(int key, long nowNanos) {
        return algorithm.isIdle(array, offset(key), nowNanos);
    }

    /** A copy of one key's slots. */
    long[] snapshot(int key) {
        return Arrays.copyOfRange(array, offset(key), offset(key) + algorithm.stateSlots());
    }

    private void checkGuards() {
        for (int k = 0; k <= keys; k++) {
            int guard = k == 0 ? 0 : offset(k - 1) + algorithm.stateSlots();
            if (array[guard] != GUARD) {
                throw new AssertionError(algorithm + " wrote outside its state slots, at index " + guard);
            }
        }
    }
}
