package io.ratelab.sim;

import io.ratelab.metrics.JainIndex;

/**
 * Jain's fairness index (Jain, Chiu and Hawe, "A Quantitative Measure of Fairness and Discrimination for Resource
 * Allocation in Shared Computer Systems", DEC-TR-301, 1984): for allocations {@code x₁..xₙ},
 * {@code J = (Σxᵢ)² / (n·Σxᵢ²)}, from {@code 1/n} (one client gets everything) to 1 (all equal).
 *
 * <p>As the paper prescribes for unequal demands, the simulator applies it to normalised allocations
 * {@code xᵢ = min(1, Tᵢ/Oᵢ)}: {@code Tᵢ} the requests of client {@code i} admitted (any attempt), {@code Oᵢ} its fair
 * allocation, {@code min(dᵢ, r·T/kᵢ)} with {@code dᵢ} its first attempts (its demand), {@code r} the limiter's rate per
 * key, {@code T} the duration and {@code kᵢ} the number of clients sharing its key. A limiter that admits every
 * request scores 1; one that lets a greedy client starve polite clients of the same key scores less. Without a rate
 * (the concurrency limit) {@code Oᵢ = dᵢ}. Clients that sent nothing are left out.
 */
public final class Fairness {

    private Fairness() {
    }

    /** {@code (Σx)² / (n·Σx²)}; 1 for an empty or all-zero input (nothing to be unfair about). */
    public static double jain(double[] x) {
        return JainIndex.of(x);
    }
}
