package io.ratelab.tune;

import io.ratelab.traffic.ArrivalProcess;
import io.ratelab.traffic.ClientArrivals;

/** Replays one traffic group's recorded sends (times and clients) for the full check: {@link TuneData#plan}. */
final class GroupReplay implements ClientArrivals {

    private final long[] times;
    private final int[] clients;
    private int next;

    GroupReplay(long[] times, int[] clients) {
        this.times = times;
        this.clients = clients;
    }

    @Override
    public long nextNanos() {
        if (next >= times.length) {
            next++;
            return ArrivalProcess.END;
        }
        return times[next++];
    }

    @Override
    public int client() {
        return clients[next - 1];
    }
}
