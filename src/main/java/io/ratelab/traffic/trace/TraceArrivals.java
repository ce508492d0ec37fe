package io.ratelab.traffic.trace;

import io.ratelab.traffic.ArrivalProcess;
import io.ratelab.traffic.ClientArrivals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One replay of a {@link TraceReplay}: streams the trace, turning each request into a send time, a client number
 * and the recorded method and target (path and query), which live replay sends.
 * Closes the file when the replay ends (the run's duration is reached or the trace, unlooped, runs out). A looping
 * trace of at most {@value #REPLAY_FROM_MEMORY} requests is read once and its later loops come from memory, so a
 * short trace looped a million times costs its requests, not a million file openings. Not thread-safe.
 */
final class TraceArrivals implements ClientArrivals {

    private final TraceReplay replay;
    private final Path file;
    private final TraceOptions options;
    private final long durationNanos;
    private final Map<String, Integer> clients = new HashMap<>();
    private TraceReader reader;
    private final long firstEpochNanos;
    private long loopOffsetNanos;
    private int client = -1;
    private String method;
    private String target;
    /** The first loop, kept for the later ones (null when the trace is too long to keep, or does not loop). */
    private Loop memory;
    private int position = -1;

    /** Looping traces up to this many requests replay from memory after their first loop. */
    static final int REPLAY_FROM_MEMORY = 100_000;

    /** One loop's requests in replay order: time since the loop's start, client, method, target. */
    private static final class Loop {
        final long[] times;
        final int[] clients;
        final String[] methods;
        final String[] targets;
        int size;

        Loop(int capacity) {
            times = new long[capacity];
            clients = new int[capacity];
            methods = new String[capacity];
            targets = new String[capacity];
        }
    }

    TraceArrivals(TraceReplay replay, Path file, TraceOptions options, long durationNanos) {
        this.replay = replay;
        this.file = file;
        this.options = options;
        this.durationNanos = durationNanos;
        this.firstEpochNanos = replay.summary().firstEpochNanos();
        this.reader = TraceReader.open(file, options);
        long requests = replay.summary().requests();
        this.memory = replay.loop() && requests <= REPLAY_FROM_MEMORY ? new Loop((int) requests) : null;
    }

    @Override
    public long nextNanos() {
        if (position >= 0) {
            return fromMemory();
        }
        if (reader == null) {
            return ArrivalProcess.END;
        }
        if (!reader.advance()) {
            reader.close();
            if (!replay.loop()) {
                reader = null;
                return ArrivalProcess.END;
            }
            loopOffsetNanos += replay.periodNanos();
            if (memory != null && memory.size > 0) {
                reader = null;
                position = 0;
                return fromMemory();
            }
            reader = TraceReader.open(file, options);
            if (!reader.advance()) {
                return end();
            }
        }
        long inLoop = replay.replayed(reader.epochNanos() - firstEpochNanos);
        long t = loopOffsetNanos + inLoop;
        if (t >= durationNanos) {
            return end();
        }
        Integer c = clients.get(reader.clientKey());
        if (c == null) {
            c = clients.size();
            if (c >= replay.clients()) {
                throw new IllegalStateException(file + " has changed since it was read: it now has more than "
                        + replay.clients() + " clients");
            }
            clients.put(reader.clientKey(), c);
        }
        client = c;
        method = reader.request().method();
        target = reader.request().target();
        remember(inLoop);
        return t;
    }

    /** Keeps the first loop's request for the later loops; a file that grew since it was scanned is not kept. */
    private void remember(long inLoop) {
        if (memory == null || loopOffsetNanos != 0) {
            return;
        }
        if (memory.size == memory.times.length) {
            memory = null;
            return;
        }
        int i = memory.size++;
        memory.times[i] = inLoop;
        memory.clients[i] = client;
        memory.methods[i] = method;
        memory.targets[i] = target;
    }

    private long fromMemory() {
        if (position == memory.size) {
            loopOffsetNanos += replay.periodNanos();
            position = 0;
        }
        int i = position++;
        long t = loopOffsetNanos + memory.times[i];
        if (t >= durationNanos || t < 0) {
            position = -1;
            memory = null;
            return ArrivalProcess.END;
        }
        client = memory.clients[i];
        method = memory.methods[i];
        target = memory.targets[i];
        return t;
    }

    private long end() {
        reader.close();
        reader = null;
        return ArrivalProcess.END;
    }

    @Override
    public int client() {
        return client;
    }

    /** The recorded method; {@code -} if the log line's request was unreadable. */
    @Override
    public String method() {
        return method;
    }

    /** The recorded path and query; {@code -} if the log line's request was unreadable. */
    @Override
    public String target() {
        return target;
    }
}
