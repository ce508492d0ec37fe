package io.ratelab.load;

import io.ratelab.traffic.ArrivalProcess;

/** Test-only arrivals every {@code intervalNanos}, starting at 0 (the generator's own tests stay free of traffic). */
final class FixedRateArrivals implements ArrivalProcess {

    private final long intervalNanos;
    private long next;

    FixedRateArrivals(double perSecond) {
        this.intervalNanos = Math.round(1e9 / perSecond);
    }

    @Override
    public long nextNanos() {
        long t = next;
        next += intervalNanos;
        return t;
    }

    @Override
    public double rateAt(long nanos) {
        return 1e9 / intervalNanos;
    }
}
