package io.ratelab.traffic.trace;

import io.ratelab.traffic.ArrivalProcess;
import io.ratelab.traffic.ClientArrivals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One replay of a {@link TraceReplay}: streams the trace, turning each request into a send time, a client number
 * and the recorded method and target (path and query), which live replay sends.
 * Closes the file when the replay ends (the run's duration is reached or the trace, unlooped, runs out).
 * Not thread-safe.
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

    TraceArrivals(TraceReplay replay, Path file, TraceOptions options, long durationNanos) {
        this.replay = replay;
        this.file = file;
        this.options = options;
        this.durationNanos = durationNanos;
        this.firstEpochNanos = replay.summary().firstEpochNanos();
        this.reader = TraceReader.open(file, options);
    }

    @Override
    public long nextNanos() {
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
            reader = TraceReader.open(file, options);
            if (!reader.advance()) {
                return end();
            }
        }
        long t = loopOffsetNanos + replay.replayed(reader.epochNanos() - firstEpochNanos);
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
