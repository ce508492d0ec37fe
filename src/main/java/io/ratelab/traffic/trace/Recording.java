package io.ratelab.traffic.trace;

import java.util.Arrays;

/**
 * A trace's requests as read once, in replay order: each one's recorded time (epoch nanos) and client number (in
 * order of first appearance), in two primitive arrays, 12 bytes a request. What {@link TraceReplay#recorded} keeps so
 * that a caller replaying the trace at once (the tuner) does not read and parse the file a second time.
 * Filled by one thread, then read-only.
 */
final class Recording {

    private long[] epochNanos = new long[1024];
    private int[] clients = new int[1024];
    private int size;

    void add(long epoch, int client) {
        if (size == epochNanos.length) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new TraceException("path: the trace has more requests than one replay can hold in memory");
            }
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, size * 2L);
            epochNanos = Arrays.copyOf(epochNanos, grown);
            clients = Arrays.copyOf(clients, grown);
        }
        epochNanos[size] = epoch;
        clients[size] = client;
        size++;
    }

    /** Trims the arrays to the requests read. */
    Recording trimmed() {
        epochNanos = Arrays.copyOf(epochNanos, size);
        clients = Arrays.copyOf(clients, size);
        return this;
    }

    int size() {
        return size;
    }

    long epochNanos(int i) {
        return epochNanos[i];
    }

    int client(int i) {
        return clients[i];
    }
}
