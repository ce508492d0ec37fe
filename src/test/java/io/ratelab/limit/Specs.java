package io.ratelab.limit;

/** Short spellings of specs and times for the example tests. */
final class Specs {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    private Specs() {
    }

    /** A spec of rate, optional burst and optional window ({@code null} leaves them out). */
    static LimiterSpec spec(Algorithm algorithm, String rate, Long burst, String window) {
        return new LimiterSpec(null, algorithm, Rate.parse(rate), burst, window == null ? null : Durations.parse(window),
                null, null, null, null, null, null);
    }

    static SingleKeyLimiter limiter(Algorithm algorithm, String rate, Long burst, String window) {
        return new SingleKeyLimiter(spec(algorithm, rate, burst, window).build());
    }
}
