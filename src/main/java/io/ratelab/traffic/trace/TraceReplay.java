package io.ratelab.traffic.trace;

import io.ratelab.traffic.ArrivalProcess;
import io.ratelab.traffic.ClientArrivals;

import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * A recorded trace as a traffic group's arrivals: request {@code i}, recorded at {@code tᵢ}, is sent at
 * {@code (tᵢ − t₀) / speed} after the start of the run, by the client its key maps to (clients are numbered in order
 * of first appearance, so the {@code k}-th distinct key is client {@code k} in every replay). With {@code loop} the
 * trace starts over after {@code (span + mean gap) / speed} (the mean gap being {@code span / (n − 1)}, or 1 s for a
 * single request) and repeats until the run ends; without it the group ends with the trace.
 *
 * <p>Building one reads the trace once (the {@link #summary()}), to know its clients and length; each
 * {@link #open} streams the file again, so replay holds no more than the reorder window in memory. Times are the same
 * in every replay (the spreading of whole-second stamps is seeded by {@link TraceOptions#seed()}, not by the run).
 * Immutable and thread-safe; the arrivals it opens are not.
 */
public final class TraceReplay implements ClientArrivals.Factory {

    /** The fastest replay accepted. */
    public static final double MAX_SPEED = 1_000_000;

    private final Path file;
    private final TraceOptions options;
    private final double speed;
    private final boolean loop;
    private final TraceSummary summary;
    /** The requests as read by the summary's scan, when kept ({@link #recorded}); else null. */
    private final Recording recording;

    private TraceReplay(Path file, TraceOptions options, double speed, boolean loop, TraceSummary summary,
                        Recording recording) {
        this.file = file;
        this.recording = recording;
        this.options = summary.fixed(options);
        this.speed = speed;
        this.loop = loop;
        this.summary = summary;
    }

    /**
     * Reads {@code file} once and prepares its replay.
     *
     * @throws TraceException {@code speed: ...}, {@code path: ...} or {@code format: ...}; also when the trace holds
     *                        no readable request (with the first skipped lines)
     */
    public static TraceReplay of(Path file, TraceOptions options, double speed, boolean loop) {
        return read(file, options, speed, loop, null);
    }

    /**
     * Reads {@code file} once and keeps what it read: every request's time and client, 12 bytes a request, so that
     * each {@link #open} replays from memory instead of reading and parsing the file again (the same times and
     * clients, without the recorded method and target). For a caller that replays the whole trace at once, such as
     * the tuner; live replay uses {@link #of}, which holds no more than the reorder window.
     *
     * @throws TraceException as {@link #of} does
     */
    public static TraceReplay recorded(Path file, TraceOptions options, double speed, boolean loop) {
        return read(file, options, speed, loop, new Recording());
    }

    private static TraceReplay read(Path file, TraceOptions options, double speed, boolean loop, Recording rec) {
        if (!(speed > 0) || speed > MAX_SPEED) {
            throw new TraceException("speed: must be above 0 and at most " + (long) MAX_SPEED + ", got " + speed);
        }
        TraceSummary s = TraceSummary.scan(file, options, 0, rec);
        if (s.requests() == 0) {
            throw new TraceException("path: " + file + " holds no request this format (" + s.format() + ") can read;"
                    + " lines skipped: " + s.skipped());
        }
        if (s.clients() > Integer.MAX_VALUE - 8) {
            throw new TraceException("path: " + file + " has more clients than a traffic group can hold");
        }
        return new TraceReplay(file, options, speed, loop, s, rec == null ? null : rec.trimmed());
    }

    /** What the trace holds (top clients not kept). */
    public TraceSummary summary() {
        return summary;
    }

    /** Distinct clients: the group's client count. */
    public int clients() {
        return (int) summary.clients();
    }

    public double speed() {
        return speed;
    }

    public boolean loop() {
        return loop;
    }

    /** The replayed time of the last request plus 1 ns; {@link ArrivalProcess#END} when looping. */
    @Override
    public long lengthNanos() {
        return loop ? ArrivalProcess.END : replayed(summary.spanNanos()) + 1;
    }

    /** The trace's requests, once or (looping) as often as the run repeats it. */
    @Override
    public double expectedArrivals(long durationNanos) {
        double n = summary.requests();
        if (loop) {
            return n * ((double) durationNanos / periodNanos());
        }
        return n * Math.min(1.0, (double) durationNanos / lengthNanos());
    }

    /** One loop's length in replay time. */
    long periodNanos() {
        long n = summary.requests();
        long gap = n > 1 ? summary.spanNanos() / (n - 1) : TraceRequest.SECOND;
        return Math.max(1, replayed(summary.spanNanos() + gap));
    }

    long replayed(long traceNanos) {
        return (long) (traceNanos / speed);
    }

    /** {@code random} is not used: replay times come from the trace (see the class doc). */
    @Override
    public ClientArrivals open(RandomGenerator random, long durationNanos) {
        if (recording != null) {
            return new RecordedArrivals(durationNanos);
        }
        return new TraceArrivals(this, file, options, durationNanos);
    }

    /** True when the requests are kept in memory ({@link #recorded}). */
    public boolean isRecorded() {
        return recording != null;
    }

    /** A replay from the {@link Recording}: the times and clients {@link TraceArrivals} gives, from memory. */
    private final class RecordedArrivals implements ClientArrivals {
        private final long durationNanos;
        private final long firstEpochNanos = summary.firstEpochNanos();
        private long loopOffsetNanos;
        private int next;
        private int client = -1;
        private boolean ended;

        RecordedArrivals(long durationNanos) {
            this.durationNanos = durationNanos;
        }

        @Override
        public long nextNanos() {
            if (ended) {
                return ArrivalProcess.END;
            }
            if (next == recording.size()) {
                if (!loop) {
                    ended = true;
                    return ArrivalProcess.END;
                }
                loopOffsetNanos += periodNanos();
                next = 0;
            }
            long t = loopOffsetNanos + replayed(recording.epochNanos(next) - firstEpochNanos);
            if (t >= durationNanos) {
                ended = true;
                return ArrivalProcess.END;
            }
            client = recording.client(next++);
            return t;
        }

        @Override
        public int client() {
            return client;
        }
    }

    @Override
    public String toString() {
        return "trace " + file + " (" + summary.format() + ", key " + summary.key() + ", speed " + speed
                + (loop ? ", loop" : "") + ")";
    }
}
