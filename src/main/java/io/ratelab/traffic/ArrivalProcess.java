package io.ratelab.traffic;

/**
 * A pure, seeded sequence of intended send times, the way Hyperfoil's fire-time sequences work: the simulator replays
 * it in virtual time and the live generator schedules real requests at the same instants (measuring latency from the
 * intended time, free of coordinated omission).
 *
 * <p>Times are nanoseconds since the start of the run, non-decreasing. Not thread-safe: one consumer advances it.
 * Implementations are built by the static factories of this package and are deterministic for a given seed.
 */
public interface ArrivalProcess {

    /** Returned by {@link #nextNanos()} when the process has no more arrivals. */
    long END = Long.MAX_VALUE;

    /** The next intended send time, or {@link #END}. */
    long nextNanos();

    /** The intended average rate at {@code nanos} since start, in events per second (for targets and charts). */
    double rateAt(long nanos);
}
