package io.ratelab.sim;

import java.util.Arrays;

/**
 * The simulator's pending events — a delayed request reaching the upstream, a request completing — as a binary
 * min-heap of primitives (time, payload, aux) ordered by time, then insertion order (deterministic ties). No allocation per event.
 * Not thread-safe.
 */
final class EventHeap {

    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private long[] payloads = new long[256];
    private long[] auxes = new long[256];
    private int size;
    private long nextSeq;

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    long peekPayload() {
        return payloads[0];
    }

    /** The second value carried by the first event. */
    long peekAux() {
        return auxes[0];
    }

    void add(long time, long payload, long aux) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
            auxes = Arrays.copyOf(auxes, size * 2);
        }
        long seq = nextSeq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (times[parent] < time || times[parent] == time && seqs[parent] < seq) {
                break;
            }
            set(i, times[parent], seqs[parent], payloads[parent], auxes[parent]);
            i = parent;
        }
        set(i, time, seq, payload, aux);
    }

    void removeFirst() {
        int last = --size;
        long time = times[last];
        long seq = seqs[last];
        long payload = payloads[last];
        long aux = auxes[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            int right = child + 1;
            if (right < size && (times[right] < times[child] || times[right] == times[child]
                    && seqs[right] < seqs[child])) {
                child = right;
            }
            if (times[child] > time || times[child] == time && seqs[child] > seq) {
                break;
            }
            set(i, times[child], seqs[child], payloads[child], auxes[child]);
            i = child;
        }
        if (size > 0) {
            set(i, time, seq, payload, aux);
        }
    }

    private void set(int i, long time, long seq, long payload, long aux) {
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
        auxes[i] = aux;
    }
}
