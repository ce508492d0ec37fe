package io.ratelab.traffic;

import java.util.Arrays;

/**
 * Scheduled retries as a binary min-heap of primitives: ordered by time, then by scheduling order (so equal times
 * come out first-scheduled first, deterministically). Each entry packs group (23 bits), attempt (8 bits) and client
 * (32 bits) into one long. No allocation per entry. Not thread-safe.
 */
final class RetryQueue {

    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private long[] payloads = new long[64];
    private int size;
    private long nextSeq;

    static long pack(int group, int client, int attempt) {
        return (long) group << 40 | (long) attempt << 32 | (client & 0xFFFF_FFFFL);
    }

    static int group(long payload) {
        return (int) (payload >>> 40);
    }

    static int attempt(long payload) {
        return (int) (payload >>> 32 & 0xFF);
    }

    static int client(long payload) {
        return (int) payload;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long peekTime() {
        return times[0];
    }

    long peekPayload() {
        return payloads[0];
    }

    void add(long time, long payload) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
        }
        int i = size++;
        long seq = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, seq, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, time, seq, payload);
    }

    void removeFirst() {
        int last = --size;
        long time = times[last];
        long seq = seqs[last];
        long payload = payloads[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(times[child + 1], seqs[child + 1], child)) {
                child++;
            }
            if (!earlier(child, time, seq)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (size > 0) {
            set(i, time, seq, payload);
        }
    }

    private boolean earlier(int index, long time, long seq) {
        return times[index] < time || times[index] == time && seqs[index] < seq;
    }

    private boolean before(long time, long seq, int index) {
        return time < times[index] || time == times[index] && seq < seqs[index];
    }

    private void move(int from, int to) {
        set(to, times[from], seqs[from], payloads[from]);
    }

    private void set(int i, long time, long seq, long payload) {
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
    }
}
