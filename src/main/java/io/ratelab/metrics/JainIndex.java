package io.ratelab.metrics;

/**
 * Jain's fairness index (Jain, Chiu and Hawe, "A Quantitative Measure of Fairness and Discrimination for Resource
 * Allocation in Shared Computer Systems", DEC-TR-301, 1984): for allocations {@code x₁..xₙ},
 * {@code J = (Σxᵢ)² / (n·Σxᵢ²)}, from {@code 1/n} (one gets everything) to 1 (all equal). Scale-free.
 *
 * <p>An accumulator: {@link #add} the allocations one by one, read {@link #index()}. Not thread-safe; one owner.
 *
 * <pre>{@code
 * JainIndex j = new JainIndex();
 * j.add(1); j.add(2); j.add(3);
 * j.index();                     // 36 / 42
 * }</pre>
 */
public final class JainIndex {

    private long n;
    private double sum;
    private double squares;

    /** Adds one allocation, 0 or more. */
    public void add(double x) {
        if (x < 0 || Double.isNaN(x)) {
            throw new IllegalArgumentException("allocations must be 0 or more, got " + x);
        }
        n++;
        sum += x;
        squares += x * x;
    }

    /** How many allocations were added. */
    public long count() {
        return n;
    }

    /** {@code (Σx)² / (n·Σx²)}; 1 when nothing or only zeros were added (nothing to be unfair about). */
    public double index() {
        return squares == 0 ? 1.0 : sum * sum / (n * squares);
    }

    /** The index of {@code x}. */
    public static double of(double... x) {
        JainIndex j = new JainIndex();
        for (double v : x) {
            j.add(v);
        }
        return j.index();
    }
}
