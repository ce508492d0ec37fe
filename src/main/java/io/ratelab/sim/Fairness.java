package io.ratelab.sim;

import io.ratelab.metrics.JainIndex;

/**
 * The simulator's fairness score: {@link JainIndex} over normalised allocations. Jain's index (Jain, Chiu and Hawe,
 * "A Quantitative Measure of Fairness and Discrimination for Resource Allocation in Shared Computer Systems",
 * DEC-TR-301, 1984): for allocations {@code x₁..xₙ}, {@code J = (Σxᵢ)² / (n·Σxᵢ²)}, from {@code 1/n} (one client
 * gets everything) to 1 (all equal).
 *
 * <p>As the paper prescribes for unequal demands, the simulator applies it to normalised allocations
 * {@code xᵢ = min(1, Tᵢ/Oᵢ)}: {@code Tᵢ} the requests of client {@code i} admitted (any attempt), {@code Oᵢ} its fair
 * allocation, {@code min(dᵢ, r·T/kᵢ)} with {@code dᵢ} its first attempts (its demand), {@code r} the limiter's rate per
 * key, {@code T} the duration and {@code kᵢ} the number of clients sharing its key. A limiter that admits every
 * request scores 1; one that lets a greedy client starve polite clients of the same key scores less. Without a rate
 * (the concurrency limit) {@code Oᵢ = dᵢ}. Clients that sent nothing are left out.
 */
final class Fairness {

    private Fairness() {
    }

    /**
     * Client {@code i}'s normalised allocation {@code xᵢ = min(1, Tᵢ/Oᵢ)}, the input to {@link JainIndex}.
     *
     * @param admitted      {@code Tᵢ}, its requests admitted (any attempt)
     * @param demand        {@code dᵢ}, its first attempts; more than 0 (clients that sent nothing are left out)
     * @param ratePerSecond {@code r}, the limiter's rate per key; NaN for a limiter without one (then {@code Oᵢ = dᵢ})
     * @param seconds       {@code T}, the simulated duration
     * @param sharing       {@code kᵢ}, the number of clients sharing its key
     */
    static double allocation(long admitted, long demand, double ratePerSecond, double seconds, long sharing) {
        double fair = Double.isNaN(ratePerSecond) ? demand : Math.min(demand, ratePerSecond * seconds / sharing);
        return Math.min(1.0, admitted / fair);
    }
}
