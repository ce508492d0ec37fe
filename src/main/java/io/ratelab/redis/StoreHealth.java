package io.ratelab.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether the shared store answers, and what its failures cost: errors (timeouts, refused or broken connections,
 * script errors) and the decisions the failure policy made instead. The first failure after a success logs one
 * {@code WARNING} line ("down"), the first success after a failure one {@code INFO} line ("up"); nothing in between,
 * however many requests fail. Writers never block. Thread-safe.
 */
public final class StoreHealth {

    private static final System.Logger LOG = System.getLogger("io.ratelab.redis");

    private final String target;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final LongAdder errors = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder transitions = new LongAdder();

    StoreHealth(String target) {
        this.target = target;
    }

    void succeeded() {
        if (!up.get() && up.compareAndSet(false, true)) {
            transitions.increment();
            LOG.log(System.Logger.Level.INFO, "redis store " + target + " is up again; shared limits decide again");
        }
    }

    void failed(Throwable cause, FailurePolicy policy) {
        errors.increment();
        if (up.get() && up.compareAndSet(true, false)) {
            transitions.increment();
            LOG.log(System.Logger.Level.WARNING, "redis store " + target + " is down (" + describe(cause)
                    + "); failure policy " + policy.id() + " decides until it returns");
        }
    }

    void fellBack() {
        fallbacks.increment();
    }

    /** True unless the last call failed. */
    public boolean isUp() {
        return up.get();
    }

    /** Calls that failed or timed out. */
    public long errors() {
        return errors.sum();
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
