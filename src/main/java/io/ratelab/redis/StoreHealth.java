package io.ratelab.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Whether the shared store answers, what its failures cost, and the circuit breaker that keeps a dead or hung store
 * from costing a timeout per request.
 *
 * <p><b>Breaker.</b> {@value #FAILURES_TO_OPEN} failed calls in a row (timeouts, refused or broken connections, script
 * errors) judge the store down; one slow call on a loaded machine does not. From then on {@link #admitsCalls()} is
 * false and the failure policy decides every request at once, without sending it to Redis. While down, at most one
 * {@code PING} probe is in flight, and the next may start {@link #PROBE_INTERVAL} after the last failure
 * ({@link #claimProbe}); the first answered call or probe brings the store back up. So a hung Redis costs the requests
 * in flight when it stopped one timeout each (a lone client: three timeouts in a row), and then nothing; and since no
 * limit script is sent while it is down, waking it releases no backlog of stale decisions, only the probes' harmless
 * {@code PING}s.
 *
 * <p><b>Figures.</b> Errors (failed calls, probes included), probes sent, and the decisions the failure policy made
 * instead of Redis. The failure that judges the store down logs one {@code WARNING} line ("down"), the first success
 * after that one {@code INFO} line ("up"); nothing in between, however many requests the policy decides. Writers never
 * block. Thread-safe.
 */
public final class StoreHealth {

    /** Failed calls in a row that judge the store down. */
    public static final int FAILURES_TO_OPEN = 3;

    /** How long after a failed call or probe the next probe may go out. */
    public static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    private static final System.Logger LOG = System.getLogger("io.ratelab.redis");

    private final String target;
    private final LongSupplier clock;
    private final long probeIntervalNanos;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile long nextProbeNanos;
    private final LongAdder errors = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder transitions = new LongAdder();

    StoreHealth(String target) {
        this(target, System::nanoTime, PROBE_INTERVAL);
    }

    /** A health record reading {@code clock} (monotonic nanos) to time its probes. */
    StoreHealth(String target, LongSupplier clock, Duration probeInterval) {
        this.target = target;
        this.clock = clock;
        this.probeIntervalNanos = probeInterval.toNanos();
    }

    /** True while the store is judged up: calls go to Redis. False: the failure policy decides without a call. */
    public boolean admitsCalls() {
        return up.get();
    }

    /**
     * True when the caller should send the one probe now: the store is down, no probe is in flight, and the interval
     * since the last failure has passed. The caller then reports {@link #succeeded()} or {@link #probeFailed}.
     */
    boolean claimProbe() {
        if (up.get() || probing.get() || clock.getAsLong() - nextProbeNanos < 0) {
            return false;
        }
        if (!probing.compareAndSet(false, true)) {
            return false;
        }
        probes.increment();
        return true;
    }

    /** The probe failed: the store stays down and the next probe waits an interval. */
    void probeFailed() {
        errors.increment();
        nextProbeNanos = clock.getAsLong() + probeIntervalNanos;
        probing.set(false);
    }

    void succeeded() {
        failuresInARow.set(0);
        if (!up.get() && up.compareAndSet(false, true)) {
            transitions.increment();
            LOG.log(System.Logger.Level.INFO, "redis store " + target + " is up again; shared limits decide again");
        }
        probing.set(false);
    }

    void failed(Throwable cause, FailurePolicy policy) {
        errors.increment();
        nextProbeNanos = clock.getAsLong() + probeIntervalNanos;
        if (failuresInARow.incrementAndGet() >= FAILURES_TO_OPEN && up.get() && up.compareAndSet(true, false)) {
            transitions.increment();
            LOG.log(System.Logger.Level.WARNING, "redis store " + target + " is down (" + describe(cause)
                    + "); failure policy " + policy.id() + " decides, a probe every "
                    + probeIntervalNanos / 1_000_000 + " ms, until it returns");
        }
    }

    void fellBack() {
        fallbacks.increment();
    }

    /** False once the store is judged down ({@value #FAILURES_TO_OPEN} failures in a row), until an answer. */
    public boolean isUp() {
        return up.get();
    }

    /** Calls that failed or timed out, probes included. */
    public long errors() {
        return errors.sum();
    }

    /** Probes sent while the store was down. */
    public long probes() {
        return probes.sum();
    }

    /** Decisions made by the failure policy because the store failed. */
    public long fallbackDecisions() {
        return fallbacks.sum();
    }

    /** Down and up changes so far (each logged once). */
    public long transitions() {
        return transitions.sum();
    }

    /** Where the store is, for logs and metrics. */
    public String target() {
        return target;
    }

    private static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && c.getMessage() == null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
