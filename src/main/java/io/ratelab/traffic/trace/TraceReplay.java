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

    private TraceReplay(Path file, TraceOptions options, double speed, boolean loop, TraceSummary summary) {
        this.file = file;
        this.options = options.withFormat(summary.format()).withKey(summary.key());
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
        if (!(speed > 0) || speed > MAX_SPEED) {
            throw new TraceException("speed: must be above 0 and at most " + (long) MAX_SPEED + ", got " + speed);
        }
        TraceSummary s = TraceSummary.scan(file, options, 0);
        if (s.requests() == 0) {
            throw new TraceException("path: " + file + " holds no request this format (" + s.format() + ") can read;"
                    + " lines skipped: " + s.skipped());
        }
        if (s.clients() > Integer.MAX_VALUE - 8) {
            throw new TraceException("path: " + file + " has more clients than a traffic group can hold");
        }
        return new TraceReplay(file, options, speed, loop, s);
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
        return new TraceArrivals(this, file, options, durationNanos);
    }

    @Override
    public String toString() {
        return "trace " + file + " (" + summary.format() + ", key " + summary.key() + ", speed " + speed
                + (loop ? ", loop" : "") + ")";
    }
}
