package io.ratelab.limit;

/**
 * The spec checks the interval-based buckets (GCRA, the leaky-bucket queue) share: a burst is a non-negative count,
 * and {@code n} intervals of a rate ({@code n × T}, {@code T = Rate#intervalNanos()}) must fit in a long of
 * nanoseconds. Both throw {@link SpecException} on the {@code burst} field. Stateless.
 */
final class BurstSpan {

    private BurstSpan() {
    }

    /**
     * @param burst    the spec's burst
     * @param negative the problem to report when it is negative; {@code ", got <burst>"} is appended
     * @return {@code burst}
     */
    static long requireNonNegative(long burst, String negative) {
        if (burst < 0) {
            throw new SpecException("burst", negative + ", got " + burst);
        }
        return burst;
    }

    /**
     * {@code count × rate.intervalNanos()} in nanoseconds.
     *
     * @param tooLarge the problem to report when the product overflows a long
     */
    static long nanos(long count, Rate rate, String tooLarge) {
        try {
            return Math.multiplyExact(count, rate.intervalNanos());
        } catch (ArithmeticException e) {
            throw new SpecException("burst", tooLarge);
        }
    }
}
