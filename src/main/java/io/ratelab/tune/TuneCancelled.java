package io.ratelab.tune;

/** Thrown when a tuning is cancelled (the Tune tab's Cancel); the caller drops the partial work. */
public final class TuneCancelled extends RuntimeException {

    public TuneCancelled() {
        super("tuning cancelled", null, false, false);
    }
}
