package io.ratelab.traffic;

/**
 * How arrivals are placed under a {@link RateProfile}: the unit-rate points the time-rescaling theorem maps onto it.
 */
public enum Spacing {
    /** {@code sₖ = k}: deterministic, evenly spread in expected-count time (a constant rate gives a metronome). */
    EVEN("even"),
    /** {@code sₖ − sₖ₋₁ ~ Exp(1)}: a (non-homogeneous) Poisson process; counts in any interval are Poisson. */
    POISSON("poisson");

    private final String id;

    Spacing(String id) {
        this.id = id;
    }

    /** The name files use. */
    public String id() {
        return id;
    }
}
