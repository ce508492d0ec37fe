package io.ratelab.limit;

/** The window and per-window limit of the window algorithms, validated once for all three. */
final class WindowLimit {

    private WindowLimit() {
    }

    /**
     * The number of requests the spec's rate allows in its window ({@link LimiterSpec#windowOrRatePeriod()}).
     *
     * @throws SpecException naming {@code window} (or {@code rate} without one) when that is not a whole number
     */
    static long of(LimiterSpec spec) {
        try {
            return spec.rate().countOver(spec.windowOrRatePeriod());
        } catch (IllegalArgumentException e) {
            String field = spec.window() != null ? "window" : "rate";
            throw new SpecException(field, e.getMessage() + "; pick a window the rate divides evenly");
        }
    }
}
